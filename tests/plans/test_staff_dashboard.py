"""/staff/ tells each staff member what needs them, with counts and links to where the work is done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from core import clock
from plans.models import ActionPlan, Phase
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.publication.queries import repository_queries

pytestmark = pytest.mark.django_db

QUEUE_NEW = reverse("ideas:queue") + "?show=new"
QUEUE_REPORTED = reverse("ideas:queue") + "?show=reported"
ANSWERS = reverse("ideas:answers")
LATE = reverse("commitments:staff_overview") + "?late=1"


def _client(client, totp, role, language="en"):
    client.force_login(totp(UserFactory(role=role)))
    client.cookies["django_language"] = language
    return client


def _work(plan, *, size=1):
    """``size`` of each kind of work, and some that needs nobody."""
    # The drafting deadline has passed (the tests run on the real date, years after 2022).
    PhaseFactory(
        plan=plan, kind=Phase.Kind.DRAFTING, starts_on=datetime.date(2022, 10, 1), ends_on=datetime.date(2022, 12, 1)
    )
    for _ in range(size):
        IdeaFactory(plan=plan, pending=True)
        IdeaFactory(plan=plan)  # published, no answer yet
        IdeaFactory(plan=plan, answered=True, needs_review=True)  # reported
        CommitmentFactory(plan=plan)  # a draft after the deadline
    IdeaFactory(plan=plan, answered=True)
    CommitmentFactory(plan=plan, status=Commitment.Status.READY)


def test_process_owner_sees_every_kind_of_work_with_counts_and_links(client, totp):
    _work(ActionPlanFactory(), size=2)
    html = _client(client, totp, "process_owner").get(reverse("staff:dashboard")).content.decode()
    assert f'<a href="{QUEUE_NEW}">2 contributions to moderate</a>' in html
    assert (
        f'<a href="{ANSWERS}">4 published contributions without an answer</a>' not in html
    )  # reported ones are answered
    assert f'<a href="{ANSWERS}">2 published contributions without an answer</a>' in html
    assert f'<a href="{QUEUE_REPORTED}">2 reported contributions to review</a>' in html
    assert f'<a href="{LATE}">2 commitments still in draft after the drafting deadline</a>' in html
    assert "Nothing needs you right now" not in html


def test_moderator_sees_the_contributions_but_not_the_late_commitments(client, totp):
    _work(ActionPlanFactory())
    html = _client(client, totp, "moderator").get(reverse("staff:dashboard")).content.decode()
    assert f'<a href="{QUEUE_NEW}">1 contribution to moderate</a>' in html
    assert f'<a href="{ANSWERS}">1 published contribution without an answer</a>' in html
    assert f'<a href="{QUEUE_REPORTED}">1 reported contribution to review</a>' in html
    assert LATE not in html and "drafting deadline" not in html


def test_participant_gets_403(client):
    client.force_login(UserFactory())
    assert client.get(reverse("staff:dashboard")).status_code == 403


def test_nothing_to_do_says_so_in_dutch_and_english(client, totp):
    # A draft: the OGP check (publication/staff.py) judges public plans only, and a public plan
    # with no forum and no co-creation report yet would fail some of its requirements.
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    IdeaFactory(plan=plan, answered=True)
    # A draft whose deadline is still ahead needs nobody yet.
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=clock.today(), ends_on=clock.today())
    CommitmentFactory(plan=plan)
    client = _client(client, totp, "process_owner", language="nl")
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "Er wacht nu niets op je." in html
    client.cookies["django_language"] = "en"
    assert "Nothing needs you right now." in client.get(reverse("staff:dashboard")).content.decode()


def test_the_links_lead_to_pages_showing_that_work(client, totp):
    plan = ActionPlanFactory()
    _work(plan)
    new = IdeaFactory(plan=plan, pending=True, title="Nog te modereren")
    reported = IdeaFactory(plan=plan, needs_review=True, title="Gemelde bijdrage")
    late = CommitmentFactory(plan=plan, title_en="Late draft")
    on_time = CommitmentFactory(plan=plan, status=Commitment.Status.FINAL, title_en="Final one")
    client = _client(client, totp, "process_owner")
    new_page = client.get(QUEUE_NEW).content.decode()
    assert new.title in new_page and reported.title not in new_page
    reported_page = client.get(QUEUE_REPORTED).content.decode()
    assert reported.title in reported_page and new.title not in reported_page
    late_page = client.get(LATE).content.decode()
    assert late.title_en in late_page and on_time.title_en not in late_page
    assert on_time.title_en in client.get(reverse("commitments:staff_overview")).content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_the_dashboard_costs_the_same_number_of_queries_whatever_the_data(
    client, totp, django_assert_num_queries, size
):
    from tests.stakeholders.factories import MeetingFactory

    for _ in range(2):
        plan = ActionPlanFactory(term_end=datetime.date(2099, 12, 31))  # not over: its forum counts
        _work(plan, size=size)
        for _ in range(size):  # forum meetings long ago: the forum is out of rhythm
            MeetingFactory(plan=plan, starts_at=timezone.now() - datetime.timedelta(days=400))
    client = _client(client, totp, "process_owner")
    client.get(reverse("staff:dashboard"))  # warm up: sections discovered, session loaded
    # The same at both sizes: one aggregate for the contributions, one count for the commitments,
    # one query for the forums' meetings (stakeholders/staff.py), four for the charts of the newest
    # plan (publication/charts.py), and the OGP check's reads of all plans at once
    # (publication/staff.py: six of its own with no call for input on any timeline, and the document
    # repository's sources).
    with django_assert_num_queries(QUERIES + repository_queries()):
        response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("/forum/staff/plans/") == 2  # both forums are listed


# + implementation: the plans' reporting rounds, which plans have published commitments, the refreshes,
# the progress reports waiting for a check;
# + publication: the versions' PDFs that failed or still wait (one aggregate for all plans).
QUERIES = 22
