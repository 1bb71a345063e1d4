"""Privacy (AVG/GDPR): the privacy statement, "download my data" and "delete my account"."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ideas.models import Idea, ModerationLog, Report, Support
from ideas.services import idea_report, support_add
from notifications.delivery import deliver_messages
from notifications.models import Message, Preferences, Suppression
from notifications.services import preferences_for
from sessions.models import Registration, SessionInvitation
from stakeholders.models import ForumMember
from tests.factories import ForumMemberFactory, MembershipFactory, ThemeFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PRIVACY = reverse("privacy")
MY_DATA = reverse("accounts:my_data")
DELETE = reverse("accounts:delete")
PASSWORD = "een-lang-wachtwoord"


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def confirmed_it_is_them(client, user):
    """Log in and pass allauth's "confirm it's you" step with the password, as the person would."""
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return client


def world(tag: str, *, session=None):
    """One person with something in every category, every value marked with ``tag``."""
    person = UserFactory(email=f"{tag}@example.org", name=f"Naam {tag}")
    EmailAddress.objects.create(user=person, email=f"{tag}.werk@example.org", verified=True, primary=False)
    MembershipFactory(user=person, organisation__name=f"Organisatie {tag}")
    own = IdeaFactory(author=person, title=f"Idee van {tag}", show_name=True)
    entered = IdeaFactory(
        author=None, channel=Idea.Channel.EMAIL, submitter_name=f"Naam {tag}",
        submitter_email=f"{tag}.werk@example.org", title=f"Per e-mail van {tag}",
    )  # fmt: skip
    supported = IdeaFactory(title=f"Gesteund door {tag}")
    support_add(idea=supported, user=person)
    reported = IdeaFactory(title=f"Gemeld door {tag}")
    idea_report(idea=reported, reporter=person, reason=Report.Reason.OFFENSIVE, text=f"Melding van {tag}")
    session = session or SessionFactory(title=f"Sessie {tag}")
    registration = RegistrationFactory(
        session=session, person=person, accessibility_needs=f"Ringleiding voor {tag}", arrival=1
    )
    SessionInvitation.objects.create(session=session, email=person.email, person=person, group="addresses")
    ForumMemberFactory(user=person, plan=own.plan, organisation=None)
    prefs = preferences_for(person)
    prefs.weekly_digest = True
    prefs.save()
    prefs.themes.add(ThemeFactory(slug=f"thema-{tag}", name_nl=f"Thema {tag}", name_en=f"Theme {tag}"))
    sent = Message.objects.create(
        key=f"test:{tag}:sent", kind="idea-received", category="transactional", recipient=person,
        to_email=person.email, subject=f"Ontvangen: {tag}", body_text=f"Beste Naam {tag},",
        status=Message.Status.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    pending = Message.objects.create(
        key=f"test:{tag}:pending", kind="session-reminder", category="transactional", recipient=None,
        to_email=f"{tag.upper()}.WERK@example.org", subject=f"Morgen: {tag}", body_text=f"Beste Naam {tag},",
        status=Message.Status.PENDING, next_attempt_at=timezone.now(),
    )  # fmt: skip
    Suppression.objects.create(email=person.email, topic="invitations")
    return {
        "person": person, "own": own, "entered": entered, "supported": supported, "reported": reported,
        "registration": registration, "sent": sent, "pending": pending,
    }  # fmt: skip


# --- The privacy statement ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, headings",
    [
        ("nl", ["Privacyverklaring", "Wat we opslaan", "Waarom we het opslaan", "Hoe lang we het bewaren",
                "Je rechten en bij wie je terechtkunt"]),
        ("en", ["Privacy statement", "What we store", "Why we store it", "How long we keep it",
                "Your rights and who to ask"]),
    ],
)  # fmt: skip
def test_the_privacy_statement_says_what_why_how_long_and_who_to_ask_in_both_languages(client, language, headings):
    client.cookies["django_language"] = language
    response = client.get(PRIVACY)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for heading in headings:
        assert heading in html
    assert "mailto:privacy@open-overheid.example" in html
    assert "Autoriteit Persoonsgegevens" in html
    assert ("30 dagen" if language == "nl" else "30 days") in html


def test_every_page_links_to_the_privacy_statement_in_its_footer(client):
    idea = IdeaFactory()
    for url in [reverse("home"), reverse("ideas:list"), idea.get_absolute_url(), reverse("account_login")]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{PRIVACY}"' in footer, url
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{PRIVACY}"' in html[html.index("<footer") :]


def test_the_sign_up_form_links_to_the_privacy_statement(en):
    html = en.get(reverse("account_signup")).content.decode()
    form = html[html.index('<form method="post" action="/accounts/signup/"') :]
    form = form[: form.index("</form>")]
    assert f'<a href="{PRIVACY}">privacy statement</a>' in form
    assert 'name="email"' in form  # still allauth's form, with our note next to it


# --- Download my data --------------------------------------------------------------------------


def test_my_data_is_a_json_file_with_everything_about_the_person_and_nothing_about_others(client):
    mine = world("anna")
    other = world("bert")
    ModerationLog.objects.create(idea=mine["own"], actor=other["person"], action="published")
    client.force_login(mine["person"])
    response = client.get(MY_DATA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{today}.json"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)

    account = data["account"]
    assert account["email"] == "anna@example.org" and account["name"] == "Naam anna"
    assert {e["email"] for e in account["email_addresses"]} == {"anna@example.org", "anna.werk@example.org"}
    assert account["organisations"][0]["organisation"] == "Organisatie anna"
    assert {c["title"] for c in data["contributions"]} == {"Idee van anna", "Per e-mail van anna"}
    assert [s["title"] for s in data["supports"]] == ["Gesteund door anna"]
    assert [r["text"] for r in data["reports"]] == ["Melding van anna"]
    assert [r["accessibility_needs"] for r in data["registrations"]] == ["Ringleiding voor anna"]
    assert [i["email"] for i in data["session_invitations"]] == ["anna@example.org"]
    assert len(data["forum_seats"]) == 1
    assert data["preferences"]["weekly_digest"] is True and data["preferences"]["themes"] == ["Thema anna"]
    assert {m["subject"] for m in data["emails"]} == {"Ontvangen: anna", "Morgen: anna"}
    assert [u["topic"] for u in data["unsubscribes"]] == ["invitations"]
    assert "commitments" in data

    assert "bert" not in text.lower()  # not one thing of the other person


def test_my_data_leaves_out_the_codes_and_links_of_account_emails(client):
    person = UserFactory()
    Message.objects.create(
        key="account:login_code:1", kind="account-login_code", category="transactional", recipient=person,
        to_email=person.email, subject="Je inlogcode", body_text="Je code is ABCD-EFGH", status="sent",
    )  # fmt: skip
    client.force_login(person)
    data = client.get(MY_DATA).json()
    assert data["emails"] == [
        {
            "to": person.email, "kind": "account-login_code", "subject": "Je inlogcode", "text": None,
            "status": "sent", "created_at": data["emails"][0]["created_at"], "sent_at": None,
        }
    ]  # fmt: skip
    assert "ABCD-EFGH" not in json.dumps(data)


def test_only_the_signed_in_person_can_download_their_data(client):
    person = UserFactory()
    response = client.get(MY_DATA)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(person)
    assert client.post(MY_DATA).status_code == 405
    assert client.get(MY_DATA, {"user": UserFactory().pk}).json()["account"]["email"] == person.email


# --- Delete my account -------------------------------------------------------------------------


def test_the_profile_page_offers_download_and_delete(en):
    en.force_login(UserFactory())
    html = en.get(reverse("accounts:profile")).content.decode()
    assert f'href="{MY_DATA}" download>Download my data</a>' in html
    assert f'href="{DELETE}">Delete my account</a>' in html


def test_the_delete_page_explains_what_happens(en):
    en.force_login(UserFactory())
    html = en.get(DELETE).content.decode()
    assert "This cannot be undone" in html
    assert "“a former participant”" in html
    assert "goes to the first person on the waitlist" in html
    assert f'href="{MY_DATA}"' in html
    assert 'name="email"' in html and "csrfmiddlewaretoken" in html


def test_deleting_removes_the_person_and_keeps_their_contributions_by_a_former_participant(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1, starts_at=in_days(10), title="Meedenksessie open data")
    mine = world("anna", session=session)
    waiting = RegistrationFactory(session=session, status=Registration.Status.WAITLISTED, arrival=2)
    other = world("bert")
    support_add(idea=mine["supported"], user=other["person"])  # two supports, one of them anna's
    person = mine["person"]
    pk = person.pk

    confirmed_it_is_them(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"email": "Anna@Example.org"})
    assert response.status_code == 302 and response.url == reverse("home")

    # The person and what belonged only to them are gone.
    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(email__startswith="anna").exists()
    assert not Support.objects.filter(user_id=pk).exists()
    assert not Registration.objects.filter(person_id=pk).exists()
    assert not Preferences.objects.filter(user_id=pk).exists()
    assert not ForumMember.objects.filter(user_id=pk).exists()
    assert not SessionInvitation.objects.filter(email="anna@example.org").exists()
    mine["supported"].refresh_from_db()
    assert mine["supported"].support_count == 1  # bert's support is left

    # Their confirmed seat went to the first on the waitlist, who is told.
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    [told] = mail.outbox
    assert told.to == [waiting.person.email] and "Meedenksessie open data" in told.subject

    # Contributions stay, without the person; the public page says "a former participant".
    own = Idea.objects.get(pk=mine["own"].pk)
    assert own.author is None and not own.show_name and own.status == Idea.Status.PUBLISHED
    entered = Idea.objects.get(pk=mine["entered"].pk)
    assert entered.submitter_email == "" and entered.submitter_name == ""
    report = Report.objects.get(idea=mine["reported"])
    assert report.reporter is None and report.text == "Melding van anna"

    # The outbox keeps that emails went out, not to whom nor what they said; a waiting one is not sent.
    for key in ("sent", "pending"):
        message = Message.objects.get(pk=mine[key].pk)
        assert message.to_email == "" and message.recipient is None and message.body_text == ""
    assert Message.objects.get(pk=mine["sent"].pk).status == Message.Status.SENT
    assert Message.objects.get(pk=mine["pending"].pk).status == Message.Status.FAILED
    assert not Message.objects.filter(to_email__icontains="anna").exists()

    # Nothing of bert's was touched.
    assert Registration.objects.filter(person=other["person"]).exists()
    assert Message.objects.get(pk=other["pending"].pk).to_email == "BERT.WERK@example.org"
    assert Idea.objects.get(pk=other["own"].pk).author == other["person"]

    # Logged out, with a message on the home page.
    home = client.get(response.url).content.decode()
    assert "Je account en je persoonsgegevens zijn verwijderd." in home
    assert client.get(reverse("accounts:profile")).status_code == 302

    dutch = client.get(own.get_absolute_url()).content.decode()
    assert "Een voormalig deelnemer" in dutch and "Naam anna" not in dutch
    client.cookies["django_language"] = "en"
    assert "A former participant" in client.get(own.get_absolute_url()).content.decode()
    # A contribution staff entered without a name is by "a participant", as before.
    assert "A participant" in client.get(other["entered"].get_absolute_url()).content.decode()


def test_a_seat_in_a_session_that_has_taken_place_is_removed_without_promoting(client):
    session = SessionFactory(capacity=1, starts_at=in_days(-3), registration_deadline=in_days(-5))
    first = RegistrationFactory(session=session, arrival=1)
    waiting = RegistrationFactory(session=session, status=Registration.Status.WAITLISTED, arrival=2)
    confirmed_it_is_them(client, first.person)
    client.post(DELETE, {"email": first.person.email})
    assert not Registration.objects.filter(pk=first.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert not Message.objects.filter(kind="session-promoted").exists()


def test_deleting_asks_the_person_to_confirm_it_is_them_and_then_goes_on(client, django_capture_on_commit_callbacks):
    """A passwordless person: the delete waits for a code by email, then happens without retyping."""
    person = UserFactory(email="codes@example.org")
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    response = client.post(DELETE, {"email": "codes@example.org"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_request_reauthentication_code"))
    assert User.objects.filter(pk=person.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {"recipient": "codes@example.org"})
    [sent] = mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4}|[A-Z0-9]{6,8})\s*$", sent.body, re.M).group(1)
    assert User.objects.filter(pk=person.pk).exists()
    response = client.post(response.url, {"code": code})
    # The waiting POST is replayed: deleted without typing the address again.
    assert response.status_code == 302 and response.url == reverse("home")
    assert not User.objects.filter(pk=person.pk).exists()
    assert "Your account and your personal data have been deleted." in client.get(response.url).content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out


def test_a_wrong_confirmation_keeps_the_account_and_what_was_typed(client):
    """Reported straight away, before anyone is asked to confirm who they are."""
    person = UserFactory()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    response = client.post(DELETE, {"email": "iemand.anders@example.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not the email address of your account." in html
    assert 'value="iemand.anders@example.org"' in html
    assert User.objects.filter(pk=person.pk).exists()
    client.cookies["django_language"] = "nl"
    html = client.post(DELETE, {"email": ""}).content.decode()
    assert "Dit veld is verplicht." in html
    assert User.objects.filter(pk=person.pk).exists()


def test_nobody_else_can_delete_an_account(client):
    target = UserFactory(email="doel@example.org")
    # Anonymous: to the login page, nothing deleted.
    response = client.post(DELETE, {"email": "doel@example.org"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    # Someone else, confirmed as themselves, typing the target's address: refused, both stay.
    intruder = UserFactory()
    confirmed_it_is_them(client, intruder)
    assert client.post(DELETE, {"email": "doel@example.org"}).status_code == 400
    assert User.objects.filter(pk=target.pk).exists() and User.objects.filter(pk=intruder.pk).exists()
    # A GET deletes nothing.
    client.get(DELETE, {"email": intruder.email})
    assert User.objects.filter(pk=intruder.pk).exists()


def test_staff_may_delete_their_account_and_their_trail_keeps_no_name(client, totp):
    moderator = totp(UserFactory(role="moderator", name="Mod Erator"))
    idea = IdeaFactory()
    ModerationLog.objects.create(idea=idea, actor=moderator, action="published")
    confirmed_it_is_them(client, moderator)
    response = client.post(DELETE, {"email": moderator.email})
    assert response.status_code == 302
    assert not User.objects.filter(pk=moderator.pk).exists()
    assert ModerationLog.objects.get(idea=idea).actor is None


def test_delivery_never_sends_a_row_without_an_address():
    message = Message.objects.create(
        key="test:no-address", kind="idea-received", category="transactional", to_email="",
        subject="Ontvangen", body_text="", status=Message.Status.PENDING, next_attempt_at=timezone.now(),
    )  # fmt: skip
    outcome = deliver_messages([message.pk])
    assert outcome.sent == 0 and mail.outbox == []


def test_deleting_ends_the_sign_ins_on_other_devices(client):
    person = UserFactory()
    phone = Client()
    phone.force_login(person)
    stranger = Client()
    stranger.force_login(UserFactory())
    confirmed_it_is_them(client, person)
    client.post(DELETE, {"email": person.email})
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert Session.objects.filter(session_key=stranger.session.session_key).exists()
