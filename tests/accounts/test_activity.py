"""'My activity': a signed-in person's contributions, sessions (with cancelling), commitments and
reviews, each section registered by its own app (accounts/activity.py); never anyone else's."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment
from sessions.models import Registration
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, ForumMemberFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory

URL = "/accounts/activity/"


def english(client, person):
    client.force_login(person)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def me(db):
    return UserFactory(name="Ik Zelf")


@pytest.fixture
def someone_else(db):
    return UserFactory(name="Iemand Anders")


def test_the_page_has_its_address_and_asks_to_log_in(client, db):
    assert reverse("accounts:activity") == URL
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_main_menu_links_to_it_for_signed_in_people_only(client, me):
    assert f'href="{URL}"' not in client.get("/").content.decode()
    english(client, me)
    nav = client.get("/").content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    assert f'href="{URL}"' in nav and "My activity" in nav


def test_my_contributions_with_their_status_and_never_someone_elses(client, me, someone_else):
    IdeaFactory(author=me, title="Mijn eigen idee")
    IdeaFactory(author=someone_else, title="Idee van een ander")
    html = english(client, me).get(URL).content.decode()
    assert "Mijn eigen idee" in html and "Idee van een ander" not in html
    assert "Status" in html and reverse("ideas:mine") in html


def test_empty_states(client, me):
    html = english(client, me).get(URL).content.decode()
    assert "You have not sent any contributions yet." in html
    assert "You have not signed up for any session that is still to come." in html
    # Commitments and reviews are for action holders and forum members only.
    assert 'id="activity-commitments"' not in html and 'id="activity-reviews"' not in html


def test_my_sessions_with_a_cancel_button_that_asks_to_confirm(client, me, someone_else):
    mine = RegistrationFactory(person=me, session=SessionFactory(title="Mijn sessie"))
    RegistrationFactory(person=someone_else, session=SessionFactory(title="Sessie van een ander"))
    RegistrationFactory(person=me, session=SessionFactory(title="Afgemelde sessie"), cancelled=True)
    html = english(client, me).get(URL).content.decode()
    assert "Mijn sessie" in html and "You are registered" in html
    assert "Sessie van een ander" not in html and "Afgemelde sessie" not in html
    cancel = reverse("sessions:cancel", args=[mine.session.slug])
    assert f'href="{cancel}?next=/accounts/activity/"' in html

    # The link asks first: a form that POSTs with a CSRF token, nothing cancelled yet.
    confirm = client.get(f"{cancel}?next={URL}").content.decode()
    assert f'action="{cancel}"' in confirm and 'name="csrfmiddlewaretoken"' in confirm
    assert f'name="next" value="{URL}"' in confirm and "Mijn sessie" in confirm
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED

    assert 'name="confirm" value="yes"' in confirm
    response = client.post(cancel, {"next": URL, "confirm": "yes"})
    assert response.status_code == 302 and response.url == URL
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    html = client.get(URL).content.decode()
    assert "Your registration has been cancelled." in html and "Mijn sessie" not in html


def test_cancelling_needs_a_csrf_token_and_goes_only_to_pages_of_this_site(me):
    from django.test import Client

    registration = RegistrationFactory(person=me)
    cancel = reverse("sessions:cancel", args=[registration.session.slug])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)
    assert strict.post(cancel).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    client = Client()
    client.force_login(me)
    response = client.post(cancel, {"next": "https://evil.example/", "confirm": "yes"})
    assert response.url == registration.session.get_absolute_url()


def test_nobody_cancels_someone_elses_registration(client, me, someone_else):
    theirs = RegistrationFactory(person=someone_else)
    english(client, me).post(reverse("sessions:cancel", args=[theirs.session.slug]))
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.CONFIRMED


def test_my_organisations_commitments_for_action_holders(client, me):
    organisation = OrganisationFactory(name="Mijn Ministerie")
    MembershipFactory(user=me, organisation=organisation)
    CommitmentFactory(lead_organisation=organisation, title_en="Our commitment")
    CommitmentFactory(lead_organisation=OrganisationFactory(), title_en="Their commitment")
    html = english(client, me).get(URL).content.decode()
    assert 'id="activity-commitments"' in html
    assert "Our commitment" in html and "Their commitment" not in html
    assert reverse("commitments:workspace") in html


def test_my_reviews_for_current_forum_members(client, me):
    plan = ActionPlanFactory()
    seat = ForumMemberFactory(plan=plan, user=me)
    in_review = CommitmentFactory(plan=plan, status=Commitment.Status.IN_REVIEW, title_en="In review")
    CommitmentFactory(plan=plan, status=Commitment.Status.DRAFT, title_en="Still a draft")
    CommitmentFactory(status=Commitment.Status.IN_REVIEW, title_en="Other plan in review")
    html = english(client, me).get(URL).content.decode()
    assert "My reviews" in html and "No reviews yet" in html
    assert in_review.get_absolute_url() in html
    assert "Still a draft" not in html and "Other plan in review" not in html
    # A seat that has ended shows nothing any more.
    seat.until = seat.since + datetime.timedelta(days=1)
    seat.save()
    assert "My reviews" not in client.get(URL).content.decode()


def test_activity_runs_a_fixed_number_of_queries(client, me, django_assert_num_queries):
    organisation = OrganisationFactory()
    MembershipFactory(user=me, organisation=organisation)
    plan = ActionPlanFactory()
    ForumMemberFactory(plan=plan, user=me)
    english(client, me)

    def add_rows():
        IdeaFactory(author=me)
        RegistrationFactory(person=me)
        CommitmentFactory(lead_organisation=organisation)
        CommitmentFactory(plan=plan, status=Commitment.Status.IN_REVIEW)

    add_rows()
    client.get(URL)
    # contributions; registrations; led commitments; forum seat check; commitments in review;
    # published commitments to report progress on (session, person and groups come from the
    # sessions cache).
    with django_assert_num_queries(6):
        client.get(URL)
    for _ in range(8):
        add_rows()
    with django_assert_num_queries(6):
        html = client.get(URL).content.decode()
    assert html.count("Cancel registration") == 9
