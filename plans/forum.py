"""Who has a current seat in a plan's stakeholder forum, for apps below the forum.

The seats are the stakeholders app's (``stakeholders.ForumMember``), which sits on top of the
layers: its meetings reuse the sessions' pieces and its review rounds move commitments along.
Commitments (who may read a draft in review) and sessions (invitations to the forum) need to ask
who has a seat; they ask here, and stakeholders says how (``register`` in StakeholdersConfig.ready),
so no lower app imports it. One notion of a current seat: ``ForumMember.objects.current(on=…)``.
"""

import datetime
from collections.abc import Callable

from django.db.models import QuerySet

from core import clock
from core.facts import fact

_current_seats: Callable[[datetime.date], QuerySet] | None = None


def register(current_seats: Callable[[datetime.date], QuerySet]) -> None:
    """``current_seats(on)``: a queryset of the seats held on that day (fields ``plan``, ``user``)."""
    global _current_seats
    _current_seats = current_seats


def current_seats(on: datetime.date | None = None) -> QuerySet:
    if _current_seats is None:
        raise RuntimeError("No forum registered its seats: is the stakeholders app installed?")
    return _current_seats(on or clock.today())


def forum_plan_ids(user) -> set[int]:
    """The plans in whose forum the person has a seat today; read once per request."""
    if not user or not user.is_authenticated:
        return set()
    return fact(
        user, "forum_plan_ids", lambda: set(current_seats().filter(user=user).values_list("plan_id", flat=True))
    )
