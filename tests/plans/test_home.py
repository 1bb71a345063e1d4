"""The home page: its "what you can do now" cards link to the actions the apps registered for
the current phases (plans/home.py), and "Coming up" lists the sessions open for sign-up."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import home
from plans.models import ActionPlan, Phase
from tests.factories import ActionPlanFactory, EventFactory, PhaseFactory, UserFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory

D = datetime.date
K = Phase.Kind


def at(day: D, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def plan(db):
    """The 2022 timeline of the fifth plan."""
    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    for kind, start, end in [
        (K.EXPLORATION, D(2022, 1, 10), D(2022, 5, 31)),
        (K.CALL_FOR_INPUT, D(2022, 6, 1), D(2022, 10, 31)),
        (K.SESSIONS, D(2022, 9, 5), D(2022, 10, 28)),
        (K.DRAFTING, D(2022, 11, 7), D(2022, 12, 16)),
        (K.FORUM_REVIEW, D(2022, 11, 21), D(2022, 12, 9)),
        (K.PUBLICATION, D(2023, 1, 16), D(2023, 2, 28)),
    ]:
        PhaseFactory(plan=plan, kind=kind, starts_on=start, ends_on=end)
    return plan


def card_links(html: str) -> dict[str, bool]:
    """The links in the "what you can do now" cards: {href: is a button}."""
    cards = re.findall(r'<li class="card home-card">(.*?)</li>\s*</ul>\s*</li>', html, re.S)
    links = {}
    for card in cards:
        for attrs in re.findall(r"<a ([^>]*)>", card):
            href = re.search(r'href="([^"]*)"', attrs).group(1)
            links[href] = 'class="button"' in attrs
    return links


def home_html(client, settings, day: str) -> str:
    settings.PLATFORM_TODAY = day
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_during_the_call_for_input_the_card_leads_to_sending_a_contribution(client, plan, settings):
    links = card_links(home_html(client, settings, "2022-07-01"))
    assert links[reverse("ideas:create")] is True  # a button to the form itself
    assert reverse("ideas:list") in links
    assert reverse("sessions:list") not in links  # the sessions phase has not started


def test_during_the_sessions_the_cards_lead_to_signing_up_too(client, plan, settings):
    links = card_links(home_html(client, settings, "2022-09-20"))
    assert links[reverse("ideas:create")] is True
    assert links[reverse("sessions:list")] is True


def test_in_the_publication_phase_the_card_leads_to_the_plan_and_its_commitments(client, plan, settings):
    links = card_links(home_html(client, settings, "2023-01-20"))
    assert links[plan.get_absolute_url()] is True
    assert links[reverse("commitments:list")] is True
    assert reverse("ideas:create") not in links


def test_exploration_asks_visitors_to_sign_up_and_members_to_choose_their_emails(client, plan, settings):
    links = card_links(home_html(client, settings, "2022-03-01"))
    assert links[reverse("account_signup")] is True and reverse("notifications:preferences") not in links
    client.force_login(UserFactory())
    links = card_links(home_html(client, settings, "2022-03-01"))
    assert links[reverse("notifications:preferences")] is True and reverse("account_signup") not in links


def test_review_of_draft_commitments_is_offered_to_forum_members_only(client, plan, settings):
    from tests.factories import ForumMemberFactory

    assert reverse("commitments:workspace") not in card_links(home_html(client, settings, "2022-11-25"))
    client.force_login(ForumMemberFactory(plan=plan).user)
    assert card_links(home_html(client, settings, "2022-11-25"))[reverse("commitments:workspace")] is True


@pytest.mark.django_db
def test_every_phase_kind_has_an_action_for_every_visitor():
    from django.contrib.auth.models import AnonymousUser

    for kind in K.values:
        assert home.actions_for(kind, AnonymousUser()), kind
        assert home.actions_for(kind, UserFactory()), kind


@pytest.fixture
def sessions(plan, settings):
    """On 20 September 2022: one session open, one full, and four that are not open for sign-up."""
    settings.PLATFORM_TODAY = "2022-09-20"
    day = D(2022, 10, 5)
    made = {
        "open": SessionFactory(plan=plan, title="Open sessie", starts_at=at(day), ends_at=at(day, 17),
                               registration_deadline=at(D(2022, 10, 3))),
        "full": SessionFactory(plan=plan, title="Volle sessie", capacity=1, starts_at=at(day), ends_at=at(day, 17),
                               registration_deadline=at(D(2022, 10, 3))),
        "closed": SessionFactory(plan=plan, title="Gesloten sessie", starts_at=at(day), ends_at=at(day, 17),
                                 registration_deadline=at(D(2022, 9, 19))),
        "past": SessionFactory(plan=plan, title="Voorbije sessie", starts_at=at(D(2022, 9, 12)),
                               ends_at=at(D(2022, 9, 12), 17), registration_deadline=at(D(2022, 9, 10))),
        "cancelled": SessionFactory(plan=plan, title="Afgelaste sessie", cancelled=True, starts_at=at(day),
                                    ends_at=at(day, 17), registration_deadline=at(D(2022, 10, 3))),
        "draft": SessionFactory(plan=ActionPlanFactory(status=ActionPlan.Status.DRAFT), title="Conceptsessie",
                                starts_at=at(day), ends_at=at(day, 17), registration_deadline=at(D(2022, 10, 3))),
    }  # fmt: skip
    RegistrationFactory(session=made["full"])
    return made


def coming_up(html: str) -> str:
    return html[html.index('id="events-title"') :]


def test_coming_up_lists_the_sessions_open_for_sign_up(client, sessions):
    client.cookies["django_language"] = "en"
    html = coming_up(client.get(reverse("home")).content.decode())
    assert sessions["open"].get_absolute_url() in html and "1 seat left" not in html
    assert "10 seats left" in html
    # A full session still takes sign-ups, on its waitlist, and says so.
    assert sessions["full"].get_absolute_url() in html and "Full: you can join the waitlist" in html
    for name in ("closed", "past", "cancelled", "draft"):
        assert sessions[name].title not in html, name
    assert reverse("sessions:list") in html


def test_coming_up_shows_a_person_their_own_registration(client, sessions):
    person = UserFactory()
    RegistrationFactory(session=sessions["open"], person=person)
    client.cookies["django_language"] = "en"
    assert "You are registered" not in client.get(reverse("home")).content.decode()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    assert "You are registered" in coming_up(client.get(reverse("home")).content.decode())


def test_coming_up_says_when_no_session_is_open(client, plan, settings):
    settings.PLATFORM_TODAY = "2022-07-01"
    client.cookies["django_language"] = "en"
    html = coming_up(client.get(reverse("home")).content.decode())
    assert "No co-creation sessions are open for sign-up at the moment." in html
    assert "No meetings are planned at the moment." in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_runs_a_fixed_number_of_queries(client, sessions, signed_in, django_assert_num_queries):
    person = UserFactory()
    if signed_in:
        client.force_login(person)
    url = reverse("home")
    client.get(url)
    # plan, phases, events, open sessions, published versions; signed in also: their own
    # registrations (their session, row and groups come from the sessions cache).
    expected = 6 if signed_in else 5
    with django_assert_num_queries(expected):
        client.get(url)
    for n in range(6):
        session = SessionFactory(plan=sessions["open"].plan, starts_at=sessions["open"].starts_at,
                                 ends_at=sessions["open"].ends_at,
                                 registration_deadline=sessions["open"].registration_deadline)  # fmt: skip
        RegistrationFactory(session=session, person=person)
        EventFactory(plan=sessions["open"].plan, starts_at=at(D(2022, 10, 1 + n)))
    with django_assert_num_queries(expected):
        html = client.get(url).content.decode()
    assert html.count('class="event"') == 5 + 3  # five sessions (the list's limit) and three meetings
