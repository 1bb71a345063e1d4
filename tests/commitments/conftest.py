import datetime

import pytest

from core import clock
from plans.models import ActionPlan, Phase
from tests.commitments.factories import CommitmentFactory
from tests.factories import MembershipFactory, OrganisationFactory, PhaseFactory, UserFactory

ROLES = [
    "anonymous",
    "participant",
    "moderator",
    "process_owner",
    "action_holder",
    "other_action_holder",
    "forum_member",
]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(people):
    """The `people` plan with a timeline around today (drafting and forum review open,
    publication to come), a second action holder organisation, and people keyed by role."""
    plan = ActionPlan.objects.get()
    plan.number = 5
    plan.save()
    today = clock.today()
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=today - 20 * DAY, ends_on=today + 20 * DAY)
    PhaseFactory(plan=plan, kind=Phase.Kind.FORUM_REVIEW, starts_on=today - 5 * DAY, ends_on=today + 10 * DAY)
    PhaseFactory(plan=plan, kind=Phase.Kind.PUBLICATION, starts_on=today + 30 * DAY, ends_on=today + 60 * DAY)
    other = MembershipFactory(organisation=OrganisationFactory(name="Andere actiehouder")).user
    plan.action_holders.add(other.organisations.get())
    everyone = {**people, "other_action_holder": other}
    return {"plan": plan, "org": people["action_holder"].organisations.get(), "people": everyone}


@pytest.fixture
def make_commitment(world):
    def make(status="draft", complete=True, **kwargs):
        return CommitmentFactory(
            plan=world["plan"], lead_organisation=world["org"], status=status, complete=complete, **kwargs
        )

    return make


@pytest.fixture
def login(client):
    def as_role(person):
        client.logout()
        if person is not None:
            client.force_login(person)
        client.cookies["django_language"] = "en"
        return client

    return as_role


@pytest.fixture
def second_editor(world):
    user = UserFactory(name="Tweede Redacteur")
    MembershipFactory(user=user, organisation=world["org"])
    return user
