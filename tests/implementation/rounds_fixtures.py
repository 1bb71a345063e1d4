"""Fixtures of the reporting rounds' tests: a public plan in its implementation term with two
published commitments (organisation X of the ``people`` fixture's action holder, with one
milestone; organisation Y, with two milestones and two members, one reading English), a draft
commitment, and a helper to write progress reports."""

import datetime

import pytest

from commitments.models import Commitment
from implementation.models import Completion, ProgressReport, ReportingRound
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import MembershipFactory, OrganisationFactory

D = datetime.date
TODAY = D(2024, 4, 1)
OPENS, DEADLINE = D(2024, 4, 1), D(2024, 5, 31)


@pytest.fixture
def today(settings):
    settings.PLATFORM_TODAY = TODAY.isoformat()
    return TODAY


@pytest.fixture
def plan(people):
    return people["forum_member"].forum_seats.get().plan


@pytest.fixture
def setting(people, plan, today):
    org_x = people["action_holder"].organisations.get()
    x = CommitmentFactory(plan=plan, lead_organisation=org_x, status=Commitment.Status.PUBLISHED, complete=True,
                          title_nl="Open raadsinformatie", title_en="Open council information")  # fmt: skip
    org_y = OrganisationFactory(name="Gemeente Y")
    y = CommitmentFactory(plan=plan, lead_organisation=org_y, status=Commitment.Status.PUBLISHED, complete=True,
                          title_nl="Actief openbaar maken", title_en="Proactive disclosure")  # fmt: skip
    MilestoneFactory(commitment=y, position=2, description_nl="Tweede mijlpaal")
    y_members = [MembershipFactory(organisation=org_y).user for _ in range(2)]
    y_members[1].language = "en"
    y_members[1].save()
    draft = CommitmentFactory(plan=plan, lead_organisation=OrganisationFactory(), complete=True)
    MembershipFactory(organisation=draft.lead_organisation)
    return {"x": x, "y": y, "y_members": y_members, "draft": draft, "holder": people["action_holder"]}


@pytest.fixture
def make_round(plan, people):
    def make(opens_on=OPENS, deadline=DEADLINE, **kwargs):
        defaults = {"title_nl": "Voortgang voorjaar 2024", "title_en": "Progress spring 2024"}
        return ReportingRound.objects.create(
            plan=plan, opens_on=opens_on, deadline=deadline, opened_by=people["process_owner"], **{**defaults, **kwargs}
        )

    return make


def report(milestone, reporting_round=None, *, completion=Completion.SUBSTANTIAL, review="submitted", on=TODAY):
    return ProgressReport.objects.create(
        milestone=milestone, round=reporting_round, completion=completion, explanation_nl="Het gaat goed.",
        reported_on=on, review=review,
    )  # fmt: skip
