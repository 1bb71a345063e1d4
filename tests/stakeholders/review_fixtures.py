"""Fixtures and helpers of the review-round tests (tests/stakeholders/conftest.py imports them; this is not a
conftest, so that the forum's other tests keep their own)."""

import datetime

import pytest

from core import clock
from stakeholders.models import CRITERION_KEYS
from tests.commitments.conftest import login, make_commitment, world  # noqa: F401  (shared fixtures)
from tests.factories import ForumMemberFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def seat(world):
    return world["people"]["forum_member"].forum_seats.get()


@pytest.fixture
def open_round(world):
    """Open a round on ready commitments, through the service (the start_review step)."""
    from stakeholders.services import round_open

    def make(*commitments, deadline=None, **kwargs):
        return round_open(
            plan=world["plan"], title=kwargs.pop("title", "Reviewronde"), deadline=deadline or clock.today() + 10 * DAY,
            commitments=list(commitments), actor=world["people"]["process_owner"], **kwargs,
        )  # fmt: skip

    return make


@pytest.fixture
def ended_seat_member(world):
    return ForumMemberFactory(plan=world["plan"], since=datetime.date(2020, 1, 1), until=clock.today() - DAY).user


@pytest.fixture
def other_forum_member(world):
    return ForumMemberFactory().user  # a seat in another plan's forum


__all__ = ["DAY", "ended_seat_member", "login", "make_commitment", "open_round", "other_forum_member", "seat", "world"]


def full_scores(score=3, criteria=CRITERION_KEYS):
    return {key: {"score": score, "explanation": f"Uitleg {key}"} for key in criteria}


def review_post(criteria=CRITERION_KEYS, score="3", **extra):
    data = {f"score_{key}": score for key in criteria}
    data.update({f"explanation_{key}": f"Uitleg {key}" for key in criteria})
    data.update(extra)
    return data
