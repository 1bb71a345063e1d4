import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea
from plans.models import Phase
from tests.factories import ActionPlanFactory, MembershipFactory, PhaseFactory, UserFactory
from tests.ideas.factories import IdeaFactory, ThemeFactory, open_call

URL = reverse("ideas:create")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="open-data")


@pytest.fixture
def participant(client, db):
    user = UserFactory(language="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def _data(theme, **overrides):
    return {"kind": "idea", "title": "Alle Woo-besluiten op één plek", "text": "Zet ze samen.", "themes": [theme.pk],
            **overrides}  # fmt: skip


@pytest.mark.django_db
def test_participant_submits_a_contribution_and_gets_a_confirmation(
    client, participant, theme, django_capture_on_commit_callbacks
):
    plan = open_call()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(theme))
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == reverse("ideas:mine_detail", args=[idea.pk])
    assert (idea.plan, idea.author, idea.status, idea.show_name) == (plan, participant, Idea.Status.NEW, False)
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "We have received your contribution" in mail.outbox[0].subject
    # "My contributions" shows it with its status.
    html = client.get(reverse("ideas:mine")).content.decode()
    assert "Alle Woo-besluiten op één plek" in html and "Awaiting moderation" in html


@pytest.mark.django_db
def test_outside_the_call_for_input_the_page_says_when_it_opens_or_that_it_closed(client, participant, theme):
    plan = ActionPlanFactory()
    today = timezone.localdate()
    phase = PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today + datetime.timedelta(days=5),
                         ends_on=today + datetime.timedelta(days=50))  # fmt: skip
    html = client.get(URL).content.decode()
    assert "opens on" in html
    assert client.post(URL, _data(theme)).status_code == 200 and not Idea.objects.exists()
    phase.starts_on, phase.ends_on = today - datetime.timedelta(days=50), today - datetime.timedelta(days=5)
    phase.save()
    assert "closed on" in client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "", "This field is required."),
        ("title", "x" * 201, "The title can be at most 200 characters (it has 201)."),
        ("text", "y" * 10_001, "The text can be at most 10,000 characters (it has 10001)."),
        ("themes", [], "Choose at least one theme."),
    ],
)
def test_bad_input_gives_field_errors_and_keeps_the_text(client, participant, theme, field, value, message):
    open_call()
    data = _data(theme, **{"text": "Mijn zorgvuldig geschreven tekst.", field: value})
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'class="error-summary"' in html
    if field != "text":
        assert "Mijn zorgvuldig geschreven tekst." in html
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_html_and_scripts_are_shown_as_text(client, participant, theme):
    open_call()
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> **vet** [link](javascript:alert(1))'
    client.post(URL, _data(theme, title="<b>Titel</b>", text=evil))
    idea = Idea.objects.get()
    idea.status = Idea.Status.PUBLISHED
    idea.save()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Titel&lt;/b&gt;" in html
    assert "<strong>vet</strong>" in html  # the small Markdown subset works


@pytest.mark.django_db
def test_more_than_ten_submissions_an_hour_are_refused_politely(client, participant, theme):
    open_call()
    statuses = [client.post(URL, _data(theme, title=f"Idee {n}")).status_code for n in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert Idea.objects.count() == 10
    response = client.post(URL, _data(theme, title="Nog een"))
    assert "try again later" in response.content.decode()
    assert "Nog een" in response.content.decode()  # the text is kept


@pytest.mark.django_db
def test_thirty_submissions_an_hour_per_ip_address(client, theme):
    open_call()
    for n in range(31):
        client.force_login(UserFactory())
        status = client.post(URL, _data(theme, title=f"Idee {n}"), REMOTE_ADDR="203.0.113.7").status_code
    assert status == 429 and Idea.objects.count() == 30


@pytest.mark.django_db
def test_unverified_email_cannot_submit(client, theme):
    open_call()
    client.force_login(UserFactory(verified=False))
    assert client.post(URL, _data(theme)).status_code == 403
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in(client, theme):
    open_call()
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.django_db
def test_on_behalf_of_an_organisation_only_ones_own(client, participant, theme):
    open_call()
    mine = MembershipFactory(user=participant).organisation
    other = MembershipFactory().organisation
    assert client.post(URL, _data(theme, organisation=other.pk)).status_code == 400
    assert client.post(URL, _data(theme, organisation=mine.pk)).status_code == 302
    assert Idea.objects.get().organisation == mine


@pytest.mark.django_db
def test_author_edits_and_withdraws_until_a_moderator_handled_it(client, participant, theme):
    idea = IdeaFactory(author=participant, pending=True)
    response = client.post(reverse("ideas:edit", args=[idea.pk]), _data(theme, title="Verbeterde titel"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Verbeterde titel"
    assert client.post(reverse("ideas:withdraw", args=[idea.pk])).status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN
    handled = IdeaFactory(author=participant)  # published: handled by a moderator
    assert client.post(reverse("ideas:edit", args=[handled.pk]), _data(theme)).status_code == 403
    assert client.post(reverse("ideas:withdraw", args=[handled.pk])).status_code == 403
    other = IdeaFactory(pending=True)
    assert client.get(reverse("ideas:edit", args=[other.pk])).status_code == 403
