import datetime

import pytest

from tests.factories import ActionPlanFactory, ForumMemberFactory

# The review rounds' fixtures (and with them the commitments' world fixtures) for every test here.
from tests.stakeholders.review_fixtures import *  # noqa: F403


@pytest.fixture
def people(people):
    """The shared roles, plus a member of another plan's forum and one whose seat in this plan ended."""
    return {
        **people,
        "other_forum_member": ForumMemberFactory(plan=ActionPlanFactory()).user,
        "ended_member": ForumMemberFactory(
            plan=forum_plan_of(people), since=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1)
        ).user,
    }


def forum_plan_of(people):
    return people["forum_member"].forum_seats.get().plan


@pytest.fixture
def plan(people):
    return forum_plan_of(people)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
