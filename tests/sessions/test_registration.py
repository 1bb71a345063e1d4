"""Registration, the waitlist, cancelling (on the site and through the emailed link) and promotion."""

import base64
import datetime
import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from notifications.models import Message
from sessions import services
from sessions.models import Registration, Session
from tests.factories import UserFactory

from .factories import RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def register(client, session, **data):
    return client.post(reverse("sessions:register", args=[session.slug]), {"organisation_kind": "individual", **data})


def cancel_link_in(message) -> str:
    match = re.search(r"/sessions/cancel/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def test_a_person_registers_and_gets_a_confirmation_with_the_calendar_file(english, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=3)
    person = UserFactory(language="en")
    english.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(
            english, session, accessibility_needs="Ringleiding graag", dietary_wishes="Vegetarisch",
            organisation_kind="civil_society", organisation_name="Open State Foundation",
        )  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organisation_name == "Open State Foundation"
    page = english.get(response.url).content.decode()
    assert "You are registered" in page
    assert "2 seats left" in page
    [sent] = mail.outbox
    assert sent.to == [person.email] and "You are registered" in sent.subject
    assert "List-Unsubscribe" not in sent.extra_headers  # transactional
    filename, content, mimetype = sent.attachments[0]
    assert filename == f"{session.slug}.ics" and mimetype.startswith("text/calendar")
    ics = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in ics and session.get_absolute_url() in ics
    assert "/sessions/cancel/" in sent.body


def test_accessibility_needs_and_dietary_wishes_are_not_on_the_public_page(client):
    session = SessionFactory()
    RegistrationFactory(session=session, accessibility_needs="Gebarentolk nodig", dietary_wishes="Halal")
    client.force_login(UserFactory())
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Gebarentolk" not in html and "Halal" not in html


def test_a_full_session_puts_people_on_the_waitlist_with_their_position(english, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, arrival=1)
    RegistrationFactory(session=session, arrival=2, waitlisted=True)
    english.force_login(UserFactory(language="en"))
    assert "Join the waitlist" in english.get(session.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = register(english, session)
    page = english.get(response.url).content.decode()
    assert "You are on the waitlist: number 2" in page
    assert Registration.objects.filter(status="waitlisted").count() == 2
    assert "waitlist: number 2" in mail.outbox[0].body
    assert not mail.outbox[0].attachments  # no calendar entry without a seat


def test_registering_twice_gives_a_clear_message_and_no_second_row(english):
    session = SessionFactory()
    english.force_login(UserFactory())
    register(english, session)
    response = register(english, session)
    assert Registration.objects.count() == 1
    assert "You are already registered for this session." in english.get(response.url).content.decode()
    with pytest.raises(services.AlreadyRegistered):
        services.registration_create(session=session, person=Registration.objects.get().person)


def test_registration_form_errors_keep_what_was_typed(english):
    session = SessionFactory()
    english.force_login(UserFactory())
    response = register(english, session, organisation_kind="co_government", accessibility_needs="Rolstoel")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and "Name the organisation you take part for." in html
    assert "Rolstoel" in html
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"registration_deadline": in_days(-1)}, "the deadline has passed"),
        ({"starts_at": in_days(-1 / 24), "registration_deadline": in_days(-2)}, "the session has started"),
        ({"cancelled": True}, "This session has been cancelled."),
    ],
    ids=["deadline", "started", "cancelled"],
)
def test_registration_closes_at_the_deadline_at_the_start_and_when_cancelled(english, change, reason):
    session = SessionFactory(starts_at=in_days(3), **{k: v for k, v in change.items() if k != "starts_at"})
    if "starts_at" in change:
        Session.objects.filter(pk=session.pk).update(starts_at=change["starts_at"], ends_at=in_days(1))
    english.force_login(UserFactory())
    page = english.get(session.get_absolute_url()).content.decode()
    assert reason in page
    assert 'action="' + reverse("sessions:register", args=[session.slug]) not in page
    response = register(english, session)
    assert not Registration.objects.exists()
    assert reason in english.get(response.url).content.decode()


def test_anonymous_visitors_are_asked_to_log_in_to_register(client):
    session = SessionFactory()
    assert reverse("account_login") in client.get(session.get_absolute_url()).content.decode()
    response = register(client, session)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Registration.objects.exists()


def test_cancelling_on_the_site_promotes_the_first_on_the_waitlist_who_is_told(
    english, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1, mode=Session.Mode.ONLINE, online_url="https://meet.example.org/abc")
    first = RegistrationFactory(session=session, arrival=1)
    second = RegistrationFactory(session=session, arrival=2, waitlisted=True, person__language="en")
    third = RegistrationFactory(session=session, arrival=3, waitlisted=True)
    english.force_login(first.person)
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("sessions:cancel", args=[session.slug]), {"confirm": "yes"})
    assert "Your registration has been cancelled." in english.get(response.url).content.decode()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    [told] = mail.outbox
    assert told.to == [second.person.email] and "A seat is free for you" in told.subject
    assert "https://meet.example.org/abc" in told.body  # confirmed now: the meeting link
    assert (
        "https://meet.example.org/abc"
        in base64.b64decode(Message.objects.get(kind="session-promoted").attachments[0]["content"]).decode()
    )
    # The second person's own page now shows the seat and the meeting link; the third is number 1.
    english.force_login(second.person)
    assert "https://meet.example.org/abc" in english.get(session.get_absolute_url()).content.decode()
    english.force_login(third.person)
    assert "number 1" in english.get(session.get_absolute_url()).content.decode()


def test_cancelling_twice_promotes_once():
    session = SessionFactory(capacity=1)
    first = RegistrationFactory(session=session, arrival=1)
    RegistrationFactory(session=session, arrival=2, waitlisted=True)
    RegistrationFactory(session=session, arrival=3, waitlisted=True)
    assert len(services.registration_cancel(registration=first)) == 1
    assert services.registration_cancel(registration=first) == []
    assert Registration.objects.filter(status="confirmed").count() == 1
    assert Message.objects.filter(kind="session-promoted").count() == 1


def test_leaving_the_waitlist_promotes_nobody():
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, arrival=1)
    waiting = RegistrationFactory(session=session, arrival=2, waitlisted=True)
    assert services.registration_cancel(registration=waiting) == []
    assert not Message.objects.filter(kind="session-promoted").exists()


def test_registering_again_after_cancelling_reuses_the_row_at_the_back_of_the_queue():
    session = SessionFactory(capacity=1)
    first = RegistrationFactory(session=session, arrival=1)
    RegistrationFactory(session=session, arrival=2, waitlisted=True)
    services.registration_cancel(registration=first)
    again = services.registration_create(session=session, person=first.person)
    assert again.pk == first.pk and again.arrival == 3
    assert again.status == Registration.Status.WAITLISTED
    assert services.waitlist_position(again) == 1
    assert Registration.objects.count() == 2


def test_the_email_link_cancels_without_logging_in_and_the_next_person_is_promoted(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    person, waiting = UserFactory(language="en"), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, person=person)
        services.registration_create(session=session, person=waiting)
    link = cancel_link_in(mail.outbox[0])
    client.cookies["django_language"] = "en"
    # Opening the link (as a mail program's scanner would) changes nothing.
    page = client.get(link)
    assert page.status_code == 200 and "Yes, cancel my registration" in page.content.decode()
    assert Registration.objects.get(person=person).status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert "Your registration has been cancelled" in done.content.decode()
    assert Registration.objects.get(person=person).status == "cancelled"
    assert Registration.objects.get(person=waiting).status == "confirmed"
    assert mail.outbox[-1].to == [waiting.email]
    # Using the link again: already cancelled, nobody else is touched.
    again = client.post(link)
    assert "was already cancelled" in again.content.decode()
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_tampered_cancel_link_is_refused_with_a_clear_page(client):
    registration = RegistrationFactory()
    token = services.cancel_token(registration)
    client.cookies["django_language"] = "en"
    for bad in (token[:-3] + "xyz", "nonsense", signing.dumps({"r": registration.pk, "a": 99}, salt="other")):
        response = client.post(reverse("sessions:cancel_link", args=[bad]))
        assert response.status_code == 400
        assert "This cancel link is not valid" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


def test_an_expired_cancel_link_is_refused_with_a_clear_page(client, monkeypatch):
    registration = RegistrationFactory()
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 200 * 24 * 3600)
    token = services.cancel_token(registration)
    monkeypatch.undo()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("sessions:cancel_link", args=[token]))
    assert response.status_code == 400
    assert "This cancel link has expired" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


def test_an_old_link_does_not_cancel_a_new_registration(client):
    session = SessionFactory()
    registration = services.registration_create(session=session, person=UserFactory())
    old = services.cancel_token(registration)
    services.registration_cancel(registration=registration)
    services.registration_create(session=session, person=registration.person)
    response = client.post(reverse("sessions:cancel_link", args=[old]))
    assert response.status_code == 400
    assert Registration.objects.get().status == "confirmed"


def test_a_cancel_link_after_the_start_is_refused(client):
    registration = RegistrationFactory()
    token = services.cancel_token(registration)
    Session.objects.update(starts_at=in_days(-1), ends_at=in_days(-1) + datetime.timedelta(hours=2))
    client.cookies["django_language"] = "en"
    response = client.post(reverse("sessions:cancel_link", args=[token]))
    assert response.status_code == 400 and "already started" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


def test_plain_text_emails_are_not_html_escaped(django_capture_on_commit_callbacks):
    session = SessionFactory(title="Open agenda's & raadsstukken")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, person=UserFactory(name="Fleur d'Oliveira"))
    [sent] = mail.outbox
    assert "Open agenda's & raadsstukken" in sent.subject
    assert "Open agenda's & raadsstukken" in sent.body and "Fleur d'Oliveira" in sent.body
    assert "Open agenda&#x27;s &amp; raadsstukken" in sent.alternatives[0][0]  # the HTML stays escaped
