"""Staff moving registrations: a seat for someone on the waitlist (never overbooked), a confirmed
person to the waitlist (their seat going to the waitlist), cancelling on someone's behalf; and the
confirmation step before a participant cancels their own registration."""

import pytest
from django.core import mail
from django.urls import reverse

from sessions import services
from sessions.models import Registration, Session
from tests.factories import UserFactory

from .factories import RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(db):
    """Two seats, both taken; two people on the waitlist."""
    session = SessionFactory(capacity=2)
    people = {
        name: RegistrationFactory(session=session, arrival=n, status=status, person__name=name, person__language="en")
        for n, (name, status) in enumerate(
            [("Anna", "confirmed"), ("Bram", "confirmed"), ("Cees", "waitlisted"), ("Dina", "waitlisted")], start=1
        )
    }
    return session, people


@pytest.fixture
def owner_client(client, totp):
    client.force_login(totp(UserFactory(role="process_owner")))
    client.cookies["django_language"] = "en"
    return client


def change(client, session, registration, **data):
    url = reverse("sessions:staff_registration", args=[session.slug])
    return client.post(url, {"registration": registration.pk, **data}, follow=True)


def statuses(session):
    return {r.person.name: r.status for r in Registration.objects.filter(session=session).select_related("person")}


def waitlist(session):
    return list(
        Registration.objects.filter(session=session, status="waitlisted")
        .order_by("arrival")
        .values_list("person__name", flat=True)
    )


def mail_for(name):
    return [m for m in mail.outbox if m.to == [Registration.objects.get(person__name=name).person.email]]


def test_moving_a_confirmed_person_to_the_waitlist_gives_the_seat_to_the_first_waiting(
    owner_client, full, django_capture_on_commit_callbacks
):
    session, people = full
    with django_capture_on_commit_callbacks(execute=True):
        response = change(owner_client, session, people["Anna"], action="waitlist", seat_to=people["Cees"].pk)
    assert "Anna is now on the waitlist. The seat went to Cees." in response.content.decode()
    assert statuses(session) == {"Anna": "waitlisted", "Bram": "confirmed", "Cees": "confirmed", "Dina": "waitlisted"}
    assert waitlist(session) == ["Dina", "Anna"]  # Anna at the end of the waitlist
    [moved] = mail_for("Anna")
    assert moved.subject.startswith("You are on the waitlist now") and "number 2" in moved.body
    [seated] = mail_for("Cees")
    assert seated.subject.startswith("A seat is free for you") and seated.attachments


def test_staff_can_give_the_freed_seat_to_someone_further_down_the_waitlist(owner_client, full):
    session, people = full
    change(owner_client, session, people["Anna"], action="waitlist", seat_to=people["Dina"].pk)
    assert statuses(session)["Dina"] == "confirmed" and waitlist(session) == ["Cees", "Anna"]


def test_without_anyone_waiting_the_seat_stays_free_and_does_not_go_back(owner_client):
    session = SessionFactory(capacity=2)
    anna = RegistrationFactory(session=session, arrival=1, person__name="Anna")
    change(owner_client, session, anna, action="waitlist")
    assert statuses(session) == {"Anna": "waitlisted"}
    assert session.seats_left() == 2


def test_a_seat_for_someone_waiting_is_refused_when_the_session_is_full(
    owner_client, full, django_capture_on_commit_callbacks
):
    session, people = full
    with django_capture_on_commit_callbacks(execute=True):
        response = change(owner_client, session, people["Dina"], action="confirm")
    assert "All 2 seats are taken" in response.content.decode()
    assert statuses(session)["Dina"] == "waitlisted" and mail.outbox == []


def test_a_seat_for_someone_waiting_when_one_is_free(owner_client, full, django_capture_on_commit_callbacks):
    session, people = full
    Session.objects.filter(pk=session.pk).update(capacity=3)  # a seat freed without filling it
    with django_capture_on_commit_callbacks(execute=True):
        response = change(owner_client, session, people["Dina"], action="confirm")
    assert "Dina now has a seat." in response.content.decode()
    assert statuses(session)["Dina"] == "confirmed" and waitlist(session) == ["Cees"]
    assert [m.subject.split(":")[0] for m in mail_for("Dina")] == ["A seat is free for you"]


def test_staff_cancel_on_someones_behalf_tells_them_and_promotes_the_first_waiting(
    owner_client, full, django_capture_on_commit_callbacks
):
    session, people = full
    response = change(owner_client, session, people["Bram"], action="cancel")  # not confirmed: nothing
    assert statuses(session)["Bram"] == "confirmed" and "Nothing was changed" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = change(owner_client, session, people["Bram"], action="cancel", confirm="yes")
    assert "The registration of Bram has been cancelled. The seat went to Cees." in response.content.decode()
    assert statuses(session) == {"Anna": "confirmed", "Bram": "cancelled", "Cees": "confirmed", "Dina": "waitlisted"}
    assert [m.subject.split(":")[0] for m in mail_for("Bram")] == ["Your registration has been cancelled"]
    assert [m.subject.split(":")[0] for m in mail_for("Cees")] == ["A seat is free for you"]


def test_emails_of_staff_moves_are_in_the_persons_language(owner_client, full, django_capture_on_commit_callbacks):
    session, people = full
    people["Anna"].person.language = "nl"
    people["Anna"].person.save()
    with django_capture_on_commit_callbacks(execute=True):
        change(owner_client, session, people["Anna"], action="waitlist")
        change(owner_client, session, people["Bram"], action="cancel", confirm="yes")
    assert mail_for("Anna")[0].subject.startswith("Je staat nu op de wachtlijst")
    assert "nummer 2" in mail_for("Anna")[0].body


def test_registrations_of_a_started_session_cannot_be_moved(owner_client, full):
    session, people = full
    Session.objects.filter(pk=session.pk).update(starts_at=in_days(-1), registration_deadline=in_days(-2))
    response = change(owner_client, session, people["Anna"], action="waitlist")
    assert "The session has started" in response.content.decode()
    assert statuses(session)["Anna"] == "confirmed"


def test_the_services_serialise_on_the_session_row_and_refuse_wrong_states(full):
    session, people = full
    staff = UserFactory(role="process_owner")
    with pytest.raises(services.SessionError):
        services.registration_promote(registration=people["Anna"], by=staff)  # confirmed already
    with pytest.raises(services.SessionError):
        services.registration_demote(registration=people["Cees"], by=staff)  # not confirmed
    with pytest.raises(services.SessionError):  # the seat must go to someone waiting for this session
        services.registration_demote(registration=people["Anna"], by=staff, seat_to=people["Bram"])
    other = RegistrationFactory(status="waitlisted")
    with pytest.raises(services.SessionError):
        services.registration_demote(registration=people["Anna"], by=staff, seat_to=other)
    assert statuses(session)["Anna"] == "confirmed"
    services.registration_cancel_for(registration=people["Cees"], by=staff)
    assert services.registration_cancel_for(registration=people["Cees"], by=staff) == []  # twice: once


@pytest.mark.parametrize("role,expected", [("moderator", 403), ("participant", 403), ("action_holder", 403)])
def test_only_staff_who_manage_sessions_move_registrations(client, people, full, role, expected):
    session, registrations = full
    client.force_login(people[role])
    response = client.post(
        reverse("sessions:staff_registration", args=[session.slug]),
        {"registration": registrations["Anna"].pk, "action": "waitlist"},
    )
    assert response.status_code == expected and statuses(session)["Anna"] == "confirmed"


def test_anonymous_visitors_are_sent_to_log_in_and_get_does_nothing(client, owner_client, full):
    session, registrations = full
    url = reverse("sessions:staff_registration", args=[session.slug])
    assert owner_client.get(url).status_code == 405
    # A form without a usable registration: back to the list with a message, nothing changed, no 500.
    before = dict(Registration.objects.filter(session=session).values_list("pk", "status"))
    response = owner_client.post(url, {"registration": "x", "action": "waitlist"}, follow=True)
    assert response.status_code == 200
    assert "Choose a registration to change." in response.content.decode()
    assert dict(Registration.objects.filter(session=session).values_list("pk", "status")) == before
    client.logout()
    response = client.post(url, {"registration": registrations["Anna"].pk, "action": "waitlist"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_participants_page_shows_actions_to_managers_only(owner_client, moderator_client_factory, full):
    session, people = full
    url = reverse("sessions:staff_participants", args=[session.slug])
    html = owner_client.get(url).content.decode()
    assert html.count('value="waitlist"') == 2 and html.count('value="confirm"') == 2
    assert html.count('<details class="confirm">') == 4
    assert 'data-label="Actions"' in html
    assert 'value="waitlist"' not in moderator_client_factory().get(url).content.decode()


@pytest.fixture
def moderator_client_factory(client, totp):
    from django.test import Client

    def make():
        other = Client()
        other.force_login(totp(UserFactory(role="moderator")))
        return other

    return make


# --- A participant cancelling their own registration ---------------------------------------------


def test_cancelling_ones_own_registration_asks_for_confirmation_first(client, full):
    session, people = full
    client.force_login(people["Anna"].person)
    client.cookies["django_language"] = "en"
    page = client.get(session.get_absolute_url()).content.decode()
    # The button opens a <details> holding the real form, with a second button: no JavaScript.
    details = page[page.index('<details class="confirm">') : page.index("</details>")]
    assert 'action="' + reverse("sessions:cancel", args=[session.slug]) in details
    assert 'name="confirm" value="yes"' in details and "Yes, cancel my registration" in details
    # Without the confirmation (an old form, a GET): the question as a page, nothing cancelled.
    url = reverse("sessions:cancel", args=[session.slug])
    for response in (client.post(url), client.get(url)):
        assert response.status_code == 200 and "Yes, cancel my registration" in response.content.decode()
    assert statuses(session)["Anna"] == "confirmed"
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Your registration has been cancelled." in response.content.decode()
    assert statuses(session) == {"Anna": "cancelled", "Bram": "confirmed", "Cees": "confirmed", "Dina": "waitlisted"}
