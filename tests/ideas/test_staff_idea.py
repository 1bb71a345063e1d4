"""The staff page of one contribution (moderate, reports, duplicates), the answers list and
entering a contribution received elsewhere."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ideas import services
from ideas.models import Idea, ModerationLog
from tests.factories import ActionPlanFactory, OrganisationFactory, UserFactory
from tests.ideas.factories import IdeaFactory, ThemeFactory, open_call


@pytest.fixture
def moderator(client, totp):
    user = totp(UserFactory(role="moderator"))
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def staff_page(idea):
    return reverse("ideas:staff_idea", args=[idea.pk])


def public_everywhere(client, title) -> dict:
    """Where an anonymous visitor finds a contribution with this title."""
    client.logout()
    csv_rows = csv.DictReader(
        io.StringIO(client.get(reverse("open_data_contributions_csv")).getvalue().decode().lstrip("\ufeff"))
    )
    return {
        "list": title in client.get(reverse("ideas:list")).content.decode(),
        "csv": title in [row["title"] for row in csv_rows],
        "json": title
        in [row["title"] for row in json.loads(client.get(reverse("open_data_contributions_json")).getvalue())],
    }


# --- 1. Moderation can never be skipped --------------------------------------------------------


@pytest.mark.django_db
def test_a_pending_contribution_marked_as_duplicate_stays_unpublished(client, moderator):
    original = IdeaFactory(title="Het origineel")
    pending = IdeaFactory(plan=original.plan, pending=True, title="Nooit gemodereerd")
    response = client.post(staff_page(pending), {"action": "duplicate", "original": original.pk})
    assert response.status_code == 400
    assert "Only a published contribution can be marked as a duplicate" in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.published_at, pending.duplicate_of) == ("new", None, None)
    assert pending in Idea.objects.in_queue()
    with pytest.raises(services.NotAllowed):  # the service refuses too, whoever calls it
        services.idea_mark_duplicate(idea=pending, original=original, actor=moderator)
    client.force_login(UserFactory())  # another participant: not theirs, not public
    assert client.get(pending.get_absolute_url()).status_code == 403
    client.logout()  # anonymous: the login page, as for every page that is not public
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert public_everywhere(client, "Nooit gemodereerd") == {"list": False, "csv": False, "json": False}
    assert public_everywhere(client, "Het origineel") == {"list": True, "csv": True, "json": True}
    assert "Nooit gemodereerd" not in client.get(original.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_published_contribution_can_still_be_marked_as_duplicate_and_stays_public(client, moderator):
    original = IdeaFactory(title="Het origineel")
    duplicate = IdeaFactory(plan=original.plan, title="Zegt hetzelfde")
    client.post(staff_page(duplicate), {"action": "duplicate", "original": original.pk})
    duplicate.refresh_from_db()
    assert duplicate.status == "duplicate" and duplicate.duplicate_of == original
    assert public_everywhere(client, "Zegt hetzelfde") == {"list": True, "csv": True, "json": True}


@pytest.mark.django_db
def test_the_original_must_be_a_published_contribution_of_the_same_plan(client, moderator):
    idea = IdeaFactory()
    other_plan = IdeaFactory(plan=ActionPlanFactory())
    pending = IdeaFactory(plan=idea.plan, pending=True)
    for original in (other_plan, pending, idea):
        response = client.post(staff_page(idea), {"action": "duplicate", "original": original.pk})
        assert response.status_code == 400, original
    idea.refresh_from_db()
    assert idea.status == "published"


@pytest.mark.django_db
def test_a_pending_contributions_staff_page_publishes(client, moderator):
    idea = IdeaFactory(pending=True, title="Wacht op moderatie")
    html = client.get(staff_page(idea)).content.decode()
    assert 'name="action" value="publish"' in html and 'name="action" value="reject"' in html
    assert "Only a published contribution can be marked as a duplicate" in html
    response = client.post(staff_page(idea), {"action": "publish"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "published" and idea.published_at
    assert ModerationLog.objects.get(idea=idea, action="published").actor == moderator
    assert "The contribution has been published." in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_a_pending_contributions_staff_page_rejects_with_a_reason(
    client, moderator, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(pending=True)
    response = client.post(staff_page(idea), {"action": "reject", "reason": "", "text": "Mijn uitleg"})
    assert response.status_code == 400 and "Mijn uitleg" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "new"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_page(idea), {"action": "reject", "reason": "off_topic", "text": "Niet over open overheid."})  # fmt: skip
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.rejection_reason) == ("rejected", "off_topic")
    assert mail.outbox[0].to == [idea.author.email] and "Niet over open overheid." in mail.outbox[0].body
    html = client.get(staff_page(idea)).content.decode()
    assert 'value="publish"' not in html


@pytest.mark.django_db
def test_a_published_contributions_page_has_no_publish_button_until_it_is_reported(client, moderator):
    idea = IdeaFactory()
    assert 'value="publish"' not in client.get(staff_page(idea)).content.decode()
    Idea.objects.filter(pk=idea.pk).update(needs_review=True)
    html = client.get(staff_page(idea)).content.decode()
    assert "Keep it published" in html and "Take it offline" in html


@pytest.mark.django_db
def test_the_staff_page_shows_the_reasons_and_texts_of_reports(client, moderator):
    idea = IdeaFactory(title="Gemeld")
    for reason, text in (("offensive", "Dit is kwetsend voor een groep."), ("personal_data", "")):
        services.idea_report(idea=idea, reporter=UserFactory(), reason=reason, text=text)
    html = client.get(staff_page(idea)).content.decode()
    assert "2 reports" in html
    assert "It is offensive or discriminatory" in html and "Dit is kwetsend voor een groep." in html
    assert "It contains personal data" in html
    client.post(staff_page(idea), {"action": "publish"})  # kept published: the reports are handled
    html = client.get(staff_page(idea)).content.decode()
    assert "Dit is kwetsend voor een groep." in html and "handled" in html


# --- 14. Finding the original by title, not by number ---------------------------------------------


@pytest.mark.django_db
def test_duplicate_search_lists_published_contributions_of_the_plan_with_a_button_each(client, moderator):
    idea = IdeaFactory(title="Open vergaderingen")
    match = IdeaFactory(plan=idea.plan, title="Lobbyregister voor ministeries")
    IdeaFactory(plan=idea.plan, title="Lobbyregister, nog niet gemodereerd", pending=True)
    IdeaFactory(plan=ActionPlanFactory(), title="Lobbyregister in een ander plan")
    html = client.get(staff_page(idea), {"dq": "lobbyregister"}).content.decode()
    assert "Lobbyregister voor ministeries" in html
    assert "nog niet gemodereerd" not in html and "in een ander plan" not in html
    assert f'name="original" value="{match.pk}"' in html
    # Nobody types a number: the contribution's number only travels in a button.
    assert not re.search(r'<input[^>]*name="original"', html)
    client.post(staff_page(idea), {"action": "duplicate", "original": match.pk})
    idea.refresh_from_db()
    assert idea.duplicate_of == match


@pytest.mark.django_db
def test_duplicate_search_without_a_match_says_so(client, moderator):
    idea = IdeaFactory(title="Open vergaderingen")
    response = client.get(staff_page(idea), {"dq": "zzzonbekend"})
    assert (
        response.status_code == 200 and "No published contribution of this plan matches." in response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.postgres
def test_similar_contributions_are_suggested_by_title_most_alike_first(client, moderator):
    idea = IdeaFactory(title="Open data van gemeenten beter vindbaar")
    best = IdeaFactory(plan=idea.plan, title="Gemeente: maak open data vindbaar")
    some = IdeaFactory(plan=idea.plan, title="Meer open data", text="Over iets anders.")
    IdeaFactory(plan=idea.plan, title="Lobbyregister", text="Wie praat met ministers?")
    IdeaFactory(plan=ActionPlanFactory(), title="Open data van gemeenten beter vindbaar")
    for n in range(6):
        IdeaFactory(plan=idea.plan, title=f"Vindbaar {n}", text="Archieven.")
    html = client.get(staff_page(idea)).content.decode()
    section = html[html.index("Similar contributions") : html.index('name="dq"')]
    suggested = re.findall(r'name="original" value="(\d+)"', section)
    assert len(suggested) == 5
    assert suggested[0] == str(best.pk) and str(some.pk) in suggested
    assert "Lobbyregister" not in section


@pytest.mark.django_db
def test_a_duplicate_chosen_from_an_outdated_page_is_refused_with_a_message(client, moderator):
    idea = IdeaFactory()
    original = IdeaFactory(plan=idea.plan)
    services.ideas_reject(ids=[original.pk], actor=moderator, reason="spam", text="Reclame")
    response = client.post(staff_page(idea), {"action": "duplicate", "original": original.pk})
    assert response.status_code == 400
    assert "not a published contribution of this plan" in response.content.decode()


# --- 14. The answers list shows each contribution's text ------------------------------------------


@pytest.mark.django_db
def test_the_answers_list_shows_each_text_and_the_full_text_of_a_long_one(client, moderator):
    long_text = " ".join(f"woord{n}" for n in range(100))
    IdeaFactory(title="Kort", text="Een korte bijdrage over archieven.")
    IdeaFactory(title="Lang", text=long_text)
    html = client.get(reverse("ideas:answers")).content.decode()
    assert "Een korte bijdrage over archieven." in html
    assert "woord10" in html and "<details>" in html and "woord99" in html
    assert html.count("<details>") == 1


# --- 14. Staff entry: the date received and the public byline --------------------------------------


def entry(**extra):
    theme = ThemeFactory()
    return {"channel": "email", "kind": "idea", "title": "Per e-mail", "text": "Tekst", "themes": [theme.pk], **extra}


@pytest.mark.django_db
def test_staff_entry_records_the_day_it_was_received(client, moderator):
    open_call()
    form = client.get(reverse("ideas:enter")).content.decode()
    today = timezone.localdate().isoformat()
    assert 'name="received_on"' in form and f'value="{today}"' in form
    received = timezone.localdate() - datetime.timedelta(days=12)
    response = client.post(reverse("ideas:enter"), entry(received_on=received.isoformat()))
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.received_on == received and idea.received_date == received
    html = client.get(reverse("ideas:staff_idea", args=[idea.pk])).content.decode()
    assert "Received on" in html and received.strftime("%Y") in html
    services.ideas_publish(ids=[idea.pk], actor=moderator)
    client.logout()
    rows = json.loads(client.get(reverse("open_data_contributions_json")).getvalue())
    assert rows[0]["received_on"] == received.isoformat()


@pytest.mark.django_db
def test_staff_entry_refuses_a_day_in_the_future_and_keeps_what_was_typed(client, moderator):
    open_call()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("ideas:enter"), entry(received_on=tomorrow, text="Mijn getypte tekst"))
    html = response.content.decode()
    assert response.status_code == 400 and "cannot be in the future" in html and "Mijn getypte tekst" in html
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_staff_entry_without_a_date_is_received_today_and_another_keeps_the_day(client, moderator):
    open_call()
    client.post(reverse("ideas:enter"), entry())
    assert Idea.objects.get().received_on == timezone.localdate()
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("ideas:enter"), entry(received_on=day, another="1"))
    assert f"received_on={day}" in response.url
    assert f'value="{day}"' in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_staff_entry_says_whose_name_would_be_shown(client, moderator):
    open_call()
    form = client.get(reverse("ideas:enter")).content.decode()
    assert "The submitter agreed to have their name shown publicly" in form
    assert "Not ticked: it shows “A participant”" in form
    organisation = OrganisationFactory(name="Gemeente Utrecht")
    response = client.post(
        reverse("ideas:enter"),
        entry(submitter_name="Jan Jansen", show_name="on", organisation=organisation.pk),
        follow=True,
    )
    assert "its page says it is from: Jan Jansen (Gemeente Utrecht)." in response.content.decode()
    response = client.post(reverse("ideas:enter"), entry(submitter_name="Piet Geheim"), follow=True)
    html = response.content.decode()
    assert "its page says it is from: A participant." in html and "Piet Geheim" not in html.split("Shown as")[1]
    # Consent without a name would show nobody's name: say so instead of saving.
    response = client.post(reverse("ideas:enter"), entry(show_name="on"))
    assert response.status_code == 400 and "no name is filled in" in response.content.decode()
    # What the confirmation promised is what the public page shows.
    shown = Idea.objects.get(submitter_name="Jan Jansen")
    services.ideas_publish(ids=[shown.pk], actor=moderator)
    client.logout()
    assert "Jan Jansen (Gemeente Utrecht)" in client.get(shown.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_dutch_texts_are_there(client, moderator):
    client.cookies["django_language"] = "nl"
    idea = IdeaFactory(pending=True)
    html = client.get(staff_page(idea)).content.decode()
    assert "Modereren" in html and "Alleen een gepubliceerde bijdrage kan als dubbel worden gemarkeerd" in html
    open_call()
    assert (
        "De indiener vindt het goed dat de naam openbaar wordt getoond"
        in client.get(reverse("ideas:enter")).content.decode()
    )


@pytest.mark.django_db
def test_outcomes_of_a_past_session_are_received_on_the_sessions_day(moderator):
    from sessions.services import outcome_create
    from tests.sessions.factories import SessionFactory, in_days

    session = SessionFactory(starts_at=in_days(-20), ends_at=in_days(-20) + datetime.timedelta(hours=2))
    idea = outcome_create(session=session, entered_by=moderator, kind="idea", title="Uit de sessie", text="Tekst",
                          themes=[ThemeFactory()])  # fmt: skip
    assert idea.received_on == timezone.localtime(session.starts_at).date()


@pytest.mark.django_db
def test_similar_contributions_share_words_with_the_title(client, moderator):
    """On every database (PostgreSQL ranks them, SQLite matches words of the title)."""
    idea = IdeaFactory(title="Archieven sneller openbaar")
    alike = IdeaFactory(plan=idea.plan, title="Maak archieven openbaar")
    IdeaFactory(plan=idea.plan, title="Lobbyregister")
    html = client.get(staff_page(idea)).content.decode()
    section = html[html.index("Similar contributions") : html.index('name="dq"')]
    assert re.findall(r'name="original" value="(\d+)"', section) == [str(alike.pk)]
