import datetime

import pytest

from core import clock
from plans.models import Phase
from tests.commitments.factories import CommitmentFactory
from tests.factories import MembershipFactory, OrganisationFactory, PhaseFactory, UserFactory
from tests.roles import ROLES as PEOPLE_ROLES
from tests.roles import log_in

# The roles of world["people"]: those of the `people` fixture and an action holder of another organisation.
ROLES = [*PEOPLE_ROLES, "other_action_holder"]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(people):
    """The `people` plan with a timeline around today (drafting and forum review open,
    publication to come), a second action holder organisation, and people keyed by role."""
    plan = people["forum_member"].forum_seats.get().plan  # the people's plan (other plans may exist)
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
        return log_in(client, person, language="en")

    return as_role


@pytest.fixture
def second_editor(world):
    user = UserFactory(name="Tweede Redacteur")
    MembershipFactory(user=user, organisation=world["org"])
    return user
