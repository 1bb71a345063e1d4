"""Public session pages, calendar files, and the roles × pages matrix."""

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from plans.models import ActionPlan
from sessions.models import Registration, Session
from tests.factories import ActionPlanFactory, UserFactory
from tests.roles import ADMIN_PROCESS_OWNER, PROCESS_OWNER, PUBLIC, ROLES, STAFF, assert_answers

from .factories import RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db


def test_list_shows_upcoming_sessions_first_and_past_ones_apart(client):
    plan = ActionPlanFactory()
    SessionFactory(plan=plan, title="Later in de maand", starts_at=in_days(20))
    SessionFactory(plan=plan, title="Volgende week", starts_at=in_days(7), capacity=3)
    SessionFactory(plan=plan, title="Vorige maand", starts_at=in_days(-30), registration_deadline=in_days(-32))
    RegistrationFactory(session=Session.objects.get(title="Volgende week"))
    SessionFactory(plan=ActionPlanFactory(status=ActionPlan.Status.DRAFT), title="Concept")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("sessions:list")).content.decode()
    upcoming, past = html.split('id="past-title"')
    assert upcoming.index("Volgende week") < upcoming.index("Later in de maand")
    assert "Vorige maand" in past and "Vorige maand" not in upcoming
    assert "2 seats left" in upcoming
    assert "Concept" not in html
    assert reverse("sessions:plan_ics", args=[plan.slug]) in html


def test_list_query_count_does_not_grow_with_the_sessions(client, django_assert_num_queries):
    url = reverse("sessions:list")
    SessionFactory()
    client.force_login(UserFactory())
    client.get(url)
    # Django's own permissions (2), sessions with counts, themes, my registrations (session, person
    # and groups come from the sessions cache)
    with django_assert_num_queries(5) as small:
        client.get(url)
    for n in range(8):
        session = SessionFactory(starts_at=in_days(n - 4), registration_deadline=in_days(n - 6))
        RegistrationFactory(session=session, arrival=1)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == 9


def test_session_page_shows_seats_left_venue_and_accessibility(client):
    session = SessionFactory(capacity=12)
    for n in range(3):
        RegistrationFactory(session=session, arrival=n + 1)
    client.cookies["django_language"] = "en"
    html = client.get(session.get_absolute_url()).content.decode()
    assert "9 seats left" in html
    assert "Stadhuis Utrecht" in html and "Drempelvrije ingang" in html
    assert reverse("sessions:ics", args=[session.slug]) in html


SIGNUP_STATE = re.compile(r'class="signup-state signup-state--(\w+)">(?:<strong>)?([^<]*)')


@pytest.mark.parametrize(
    "setup,kind,nl,en",
    [
        ("open", "open", "Nog 2 plaatsen vrij", "2 seats left"),
        ("full", "full", "Vol: je kunt op de wachtlijst", "Full: you can join the waitlist"),
        (
            "deadline",
            "closed",
            "Aanmelden kan niet meer: de uiterste",
            "Registration has closed: the deadline has passed.",
        ),
        ("cancelled", "cancelled", "Geannuleerd", "Cancelled"),
        ("past", "past", "Heeft plaatsgevonden", "Took place"),
    ],
)
def test_list_card_and_session_page_show_the_same_signup_state(client, setup, kind, nl, en):
    """One computation of the sign-up state: the list never offers seats the page refuses."""
    starts = {"past": in_days(-3), "deadline": in_days(1)}.get(setup, in_days(10))
    session = SessionFactory(
        capacity=3,
        starts_at=starts,
        registration_deadline=starts - datetime.timedelta(days=2),
        status=Session.Status.CANCELLED if setup == "cancelled" else Session.Status.SCHEDULED,
    )
    for n in range(3 if setup in ("full", "deadline") else 1):
        RegistrationFactory(session=session, arrival=n + 1)
    if setup == "full":
        RegistrationFactory(session=session, arrival=9, status="waitlisted")
    for language, text in (("nl", nl), ("en", en)):
        client.cookies["django_language"] = language
        card = SIGNUP_STATE.findall(client.get(reverse("sessions:list")).content.decode())
        page = SIGNUP_STATE.findall(client.get(session.get_absolute_url()).content.decode())
        assert card == page, (language, card, page)
        assert card[0][0] == kind and card[0][1].strip().startswith(text), (language, card)
        if setup == "deadline":  # full and closed: neither "seats left" nor the waitlist on offer
            html = client.get(session.get_absolute_url()).content.decode()
            assert 'action="' + reverse("sessions:register", args=[session.slug]) not in html


def test_online_link_is_shown_only_to_confirmed_participants(client):
    session = SessionFactory(mode="online", venue="", address="", online_url="https://meet.example.org/geheim")
    confirmed = RegistrationFactory(session=session, arrival=1)
    waiting = RegistrationFactory(session=session, arrival=2, waitlisted=True)
    assert "meet.example.org/geheim" not in client.get(session.get_absolute_url()).content.decode()
    client.force_login(waiting.person)
    assert "meet.example.org/geheim" not in client.get(session.get_absolute_url()).content.decode()
    assert b"meet.example.org/geheim" not in client.get(reverse("sessions:ics", args=[session.slug])).content
    client.force_login(confirmed.person)
    assert "meet.example.org/geheim" in client.get(session.get_absolute_url()).content.decode()
    own = Calendar.from_ical(client.get(reverse("sessions:ics", args=[session.slug])).content)
    assert "meet.example.org/geheim" in str(own.walk("VEVENT")[0]["description"])


def test_calendar_file_and_plan_feed_link_to_the_session_pages(client):
    plan = ActionPlanFactory()
    first = SessionFactory(plan=plan, title="Meedenksessie Utrecht")
    second = SessionFactory(plan=plan, title="Meedenksessie online", mode="online", online_url="https://x.example/1")
    SessionFactory(title="Een ander plan")
    response = client.get(reverse("sessions:ics", args=[first.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Meedenksessie Utrecht"
    assert str(event["url"]).endswith(first.get_absolute_url())
    assert event.decoded("dtstart") == first.starts_at
    assert "Stadhuis Utrecht" in str(event["location"])
    feed = Calendar.from_ical(client.get(reverse("sessions:plan_ics", args=[plan.slug])).content)
    events = feed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Meedenksessie Utrecht", "Meedenksessie online"]
    assert all(str(e["url"]).endswith(s.get_absolute_url()) for e, s in zip(events, [first, second], strict=True))
    assert "x.example/1" not in feed.to_ical().decode()


def test_cancelled_session_is_cancelled_in_the_calendar(client):
    session = SessionFactory(cancelled=True)
    [event] = Calendar.from_ical(client.get(reverse("sessions:ics", args=[session.slug])).content).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"


def test_unknown_session_is_404(client):
    assert client.get(reverse("sessions:detail", args=["bestaat-niet"])).status_code == 404


# --- Roles × pages --------------------------------------------------------------------------------

# Anonymous visitors are asked to log in, like for a draft plan; of the others only staff see it.
DRAFT = STAFF


def pages(session):
    return [
        (reverse("sessions:list"), PUBLIC),
        (session.get_absolute_url(), PUBLIC),
        (reverse("sessions:ics", args=[session.slug]), PUBLIC),
        (reverse("sessions:plan_ics", args=[session.plan.slug]), PUBLIC),
        (reverse("sessions:staff_dashboard"), STAFF),
        (reverse("sessions:staff_attendance", args=[session.slug]), STAFF),
        (reverse("sessions:staff_participants", args=[session.slug]), STAFF),
        (reverse("sessions:staff_participants_csv", args=[session.slug]), STAFF),
        (reverse("sessions:staff_outcomes", args=[session.slug]), STAFF),
        (reverse("sessions:staff_create"), PROCESS_OWNER),
        (reverse("sessions:staff_edit", args=[session.slug]), PROCESS_OWNER),
        (reverse("sessions:staff_cancel", args=[session.slug]), PROCESS_OWNER),
        (reverse("sessions:staff_report", args=[session.slug]), PROCESS_OWNER),
        (reverse("sessions:staff_invite"), PROCESS_OWNER),
        # The admin: process owners only; the others go to the admin's login or get 403.
        (reverse("admin:cocreation_session_changelist"), ADMIN_PROCESS_OWNER),
    ]


def test_roles_by_pages(client, people):
    assert_answers(client, people, pages(SessionFactory(plan=ActionPlan.objects.get())))


def test_sessions_of_a_draft_plan_are_for_staff_only(client, people):
    plan = ActionPlan.objects.get()
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    session = SessionFactory(plan=plan)
    assert_answers(client, people, [(session.get_absolute_url(), DRAFT)])
    client.force_login(people["participant"])
    assert session.title not in client.get(reverse("sessions:list")).content.decode()
    assert client.get(reverse("sessions:plan_ics", args=[plan.slug])).status_code == 404


def test_only_participants_of_a_public_plan_can_register(client, people):
    session = SessionFactory(plan=ActionPlan.objects.get())
    for role in ROLES[1:]:
        client.force_login(people[role])
        client.post(reverse("sessions:register", args=[session.slug]), {"organisation_kind": "individual"})
    assert session.registrations.count() == 5


def test_time_of_the_calendar_event_is_in_utc_or_zoned(client):
    session = SessionFactory(starts_at=in_days(10, 9))
    [event] = Calendar.from_ical(client.get(reverse("sessions:ics", args=[session.slug])).content).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(datetime.UTC) == session.starts_at.astimezone(datetime.UTC)


def test_session_page_query_count_does_not_grow_with_registrations(
    client, django_assert_num_queries, settings, tmp_path
):
    from sessions.models import SessionAttachment, SessionReport

    settings.MEDIA_ROOT = tmp_path
    session = SessionFactory(starts_at=in_days(-2), registration_deadline=in_days(-4))
    report = SessionReport.objects.create(session=session, summary="Verslag", published_at=session.ends_at)
    url = session.get_absolute_url()
    client.force_login(UserFactory())
    client.get(url)
    with django_assert_num_queries(6) as small:
        client.get(url)
    for n in range(10):
        RegistrationFactory(session=session, arrival=n + 1, organisation_kind="academia", checked_in_at=in_days(-2))
    SessionAttachment.objects.create(report=report, file="sessions/a.pdf", title="Presentatie")
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert "Presentatie" in html and "Verslag" in html


@pytest.mark.django_db
def test_a_renamed_session_shows_at_once_on_its_contributions_and_sign_ups_keep_them_cached(client):
    """A contribution's page (cached for anonymous visitors) links the session it came from. The
    session is watched by the page cache; registrations are not on those pages, so signing up,
    cancelling and the promotion from the waitlist (a bulk_update) leave the cached pages alone."""
    from ideas.models import Idea
    from sessions.services import registration_cancel, registration_create, session_save
    from tests.ideas.factories import IdeaFactory

    session = SessionFactory(title="Meedenksessie open data", capacity=1)
    idea = IdeaFactory(channel=Idea.Channel.SESSION, session=session)
    url = idea.get_absolute_url()
    anne, bob = UserFactory(), UserFactory()
    assert "Meedenksessie open data" in client.get(url).content.decode()
    first = registration_create(session=session, person=anne)
    second = registration_create(session=session, person=bob)
    assert second.status == Registration.Status.WAITLISTED
    assert registration_cancel(registration=first) == [second]  # promoted with a bulk_update
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    session_save(session=session, data={"title": "Meedenksessie open algoritmes"})
    response = client.get(url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Meedenksessie open algoritmes" in response.content.decode()


TRICKY = "Sessie: open data, wetten; en een \\ backslash"


def _strict_parse(content: bytes):
    """Parse a calendar with two readers that share no code with icalendar, which wrote it:
    ``ical`` (strict, pydantic) and ``vobject``. Returns the calendar name and event summaries."""
    import vobject
    from ical.calendar_stream import IcsCalendarStream

    text = content.decode()
    [strict] = IcsCalendarStream.from_ics(text).calendars
    [raw_name] = [p.value for p in strict.extras if p.name.lower() == "x-wr-calname"]
    loose = vobject.readOne(text)
    name = loose.contents["x-wr-calname"][0].value
    # ``ical`` keeps an unknown property as written: it must be escaped TEXT.
    assert raw_name == name.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert [e.summary for e in strict.events] == [e.summary.value for e in loose.vevent_list]
    return name, [e.summary for e in strict.events]


def test_calendar_name_is_escaped_text_for_strict_readers(client):
    plan = ActionPlanFactory(title_nl="Actieplan; vijf, open \\ overheid", title_en="Action plan; five, open")
    session = SessionFactory(plan=plan, title=TRICKY, mode="online", online_url="https://x.example/a,b;c")
    name, summaries = _strict_parse(client.get(reverse("sessions:ics", args=[session.slug])).content)
    assert name == TRICKY and summaries == [TRICKY]
    client.cookies["django_language"] = "en"
    name, summaries = _strict_parse(client.get(reverse("sessions:plan_ics", args=[plan.slug])).content)
    assert name == "Action plan; five, open" and summaries == [TRICKY]
