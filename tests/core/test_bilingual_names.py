"""Every bilingual name shows in the active language: filters, form choices, admin lists, emails."""

import pytest
from django.urls import reverse
from django.utils import translation

from ideas.models import Idea
from notifications.services import render
from tests.factories import ActionPlanFactory, ThemeFactory, UserFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory, open_call
from tests.sessions.factories import SessionFactory


@pytest.fixture
def names(db):
    plan = open_call(ActionPlanFactory(title_nl="Vijfde actieplan", title_en="Fifth action plan"))
    theme = ThemeFactory(slug="inclusie", name_nl="Inclusieve overheid", name_en="Inclusive government")
    block = BuildingBlockFactory(plan=plan, title_nl="Bouwsteen wetgeving", title_en="Building block legislation")
    IdeaFactory(plan=plan, themes=[theme], building_block=block)
    return plan, theme, block


def _get(client, url, language, **params):
    client.cookies["django_language"] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "language,shown,hidden",
    [
        ("en", ["Fifth action plan", "Inclusive government"], ["Vijfde actieplan", "Inclusieve overheid"]),
        ("nl", ["Vijfde actieplan", "Inclusieve overheid"], ["Fifth action plan", "Inclusive government"]),
    ],
)
def test_contribution_list_filters_and_form_in_the_active_language(client, names, language, shown, hidden):
    listing = _get(client, reverse("ideas:list"), language)
    client.force_login(UserFactory())
    form = _get(client, reverse("ideas:create"), language)
    commitments = _get(client, reverse("commitments:list"), language)
    for text in shown:
        assert f">{text}</option>" in listing
    assert f" {shown[1]}</label>" in form  # the theme checkbox
    theme_option = ">Inclusive government</option>" if language == "en" else ">Inclusieve overheid</option>"
    assert theme_option in commitments
    for text in hidden:
        assert f">{text}</option>" not in listing
        assert text not in form


def test_an_empty_english_name_falls_back_to_dutch(client, names):
    plan, theme, block = names
    block.title_en = ""
    block.save()
    with translation.override("en"):
        assert str(block) == "Bouwsteen wetgeving"
        assert str(theme) == "Inclusive government"
    with translation.override("nl"):
        assert str(theme) == "Inclusieve overheid"


@pytest.mark.parametrize(
    "language,shown,hidden", [("en", "Fifth action plan", "Vijfde"), ("nl", "Vijfde actieplan", "Fifth")]
)
def test_admin_changelists_in_the_active_language(client, totp, names, language, shown, hidden):
    client.force_login(totp(UserFactory(role="process_owner")))
    plans = _get(client, reverse("admin:plans_actionplan_changelist"), language)
    blocks = _get(client, reverse("admin:ideas_buildingblock_changelist"), language)
    assert shown in plans and hidden not in plans
    assert ("Building block legislation" if language == "en" else "Bouwsteen wetgeving") in blocks


def test_staff_session_invite_form_in_the_active_language(client, totp, names):
    SessionFactory(plan=names[0])
    client.force_login(totp(UserFactory(role="process_owner")))
    html = _get(client, reverse("sessions:staff_invite"), "en")
    assert ">Inclusive government</option>" in html and "Inclusieve overheid" not in html


def test_emails_name_things_in_the_recipients_language(names):
    idea = Idea.objects.get()
    with translation.override("nl"):  # the sender's language does not matter
        subject, text, html = render("ideas/email/idea_received", {"idea": idea, "recipient": idea.author}, "en")
        assert "Fifth action plan" in text and "Vijfde actieplan" not in text
    with translation.override("en"):
        subject, text, html = render("ideas/email/idea_received", {"idea": idea, "recipient": idea.author}, "nl")
        assert "Vijfde actieplan" in text
