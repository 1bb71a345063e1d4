"""Staff-entered contributions keep the submitter's email address only until the plan is published."""

import datetime

import pytest

from ideas.models import Idea
from notifications.timeline import run_jobs
from plans.models import ActionPlan, Phase
from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory
from tests.ideas.factories import IdeaFactory

D = datetime.date
PUBLISHED = D(2023, 2, 1)  # the Dutch public version is presented


def staff_entered(plan, email="jan@example.org"):
    return IdeaFactory(
        plan=plan, author=None, entered_by=UserFactory(role="moderator"), channel=Idea.Channel.MEETING,
        submitter_name="Jan", submitter_email=email,
    )  # fmt: skip


@pytest.fixture
def plan():
    plan = ActionPlanFactory()
    PhaseFactory(plan=plan, kind=Phase.Kind.PUBLICATION, starts_on=PUBLISHED, ends_on=D(2023, 3, 1))
    return plan


def emails():
    return set(Idea.objects.exclude(submitter_email="").values_list("submitter_email", flat=True))


@pytest.mark.django_db
def test_the_address_is_kept_before_publication_and_removed_once_it_starts(plan):
    idea = staff_entered(plan)
    online = IdeaFactory(plan=plan)  # an online contribution: its author's account is not touched
    run_jobs(today=PUBLISHED - datetime.timedelta(days=1))
    assert emails() == {"jan@example.org"}
    run_jobs(today=PUBLISHED)
    assert emails() == set()
    idea.refresh_from_db()
    assert idea.submitter_name == "Jan" and idea.text  # only the address goes
    assert run_jobs(today=PUBLISHED)["ideas.timeline.forget_submitter_emails"] == 0  # twice is harmless
    online.refresh_from_db()
    assert online.author.email


@pytest.mark.django_db
def test_only_published_plans_and_without_a_publication_phase_the_term_start_counts(plan):
    staff_entered(plan, "a@example.org")
    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    PhaseFactory(plan=draft, kind=Phase.Kind.PUBLICATION, starts_on=PUBLISHED, ends_on=D(2023, 3, 1))
    staff_entered(draft, "draft@example.org")  # not public: not published, whatever the dates
    no_phase = ActionPlanFactory(term_start=D(2024, 1, 1), term_end=D(2027, 12, 31))
    staff_entered(no_phase, "term@example.org")
    run_jobs(today=D(2023, 6, 1))
    assert emails() == {"draft@example.org", "term@example.org"}
    run_jobs(today=D(2024, 1, 1))
    assert emails() == {"draft@example.org"}
