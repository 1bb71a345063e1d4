"""Reads of the forum: current seats, the public forum page, and the OGP meeting rhythm."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from core import clock
from plans.models import ActionPlan
from stakeholders.models import ForumMember, ForumTerms, Meeting


def current_seats(plan, on: datetime.date):
    """The seats of ``plan``'s forum on the day ``on``."""
    return ForumMember.objects.current(on=on).filter(plan=plan)


def has_current_seat(user, plan, on: datetime.date | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return current_seats(plan, on or clock.today()).filter(user=user).exists()


def rounds_for_plan(plan) -> list:
    """The review rounds of the plan with their decision logs. Forum-B provides the real selector
    (review rounds); until it is merged, the forum page lists none."""
    return []


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 August + 6 months = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# OGP: the forum meets at least every six months, and at least twice a year during implementation.
RHYTHM_MONTHS = 6
MEETINGS_PER_YEAR = 2


@dataclass(frozen=True)
class Rhythm:
    last: Meeting | None  # the last meeting held
    next: Meeting | None  # the next scheduled meeting
    due: datetime.date | None  # the next meeting must be held on or before this day
    holds: bool
    implementing: bool
    this_year: int  # meetings held or planned in the current calendar year
    # Why it does not hold, for the staff page (empty when it holds).
    problem: str = ""


def rhythm(plan, meetings: list[Meeting], today: datetime.date) -> Rhythm:
    """Whether the plan's forum keeps the OGP rhythm on ``today``, from its meetings (any order)."""
    from django.utils.translation import gettext as _

    meetings = sorted(meetings, key=lambda m: m.starts_at)
    held = [m for m in meetings if clock.localdate(m.starts_at) <= today]
    planned = [m for m in meetings if clock.localdate(m.starts_at) > today]
    last = held[-1] if held else None
    upcoming = planned[0] if planned else None
    due = add_months(clock.localdate(last.starts_at), RHYTHM_MONTHS) if last else None
    implementing = plan.term_start <= today <= plan.term_end
    this_year = sum(1 for m in meetings if clock.localdate(m.starts_at).year == today.year)
    problem = ""
    if last is None:
        problem = _("The forum has not met yet.")
    elif today > due:
        problem = _("More than six months have passed since the last meeting.")
    elif upcoming is None or clock.localdate(upcoming.starts_at) > due:
        problem = _("No meeting is planned before the date it is due.")
    elif implementing and this_year < MEETINGS_PER_YEAR:
        problem = _("Fewer than two meetings this year during implementation.")
    return Rhythm(last, upcoming, due, not problem, implementing, this_year, problem)


def plan_rhythm(plan, today: datetime.date | None = None) -> Rhythm:
    return rhythm(plan, list(Meeting.objects.filter(plan=plan)), today or clock.today())


@dataclass(frozen=True)
class ForumPage:
    plan: ActionPlan
    terms: ForumTerms | None
    sectors: list[tuple[str, list[ForumMember]]]  # (sector label, current members), in the sectors' order
    upcoming: list[Meeting]
    past: list[Meeting]
    rounds: list


def forum_page(plan, *, today: datetime.date | None = None) -> ForumPage:
    """Everything the public forum page shows, in a fixed number of queries."""
    today = today or clock.today()
    terms = ForumTerms.objects.filter(plan=plan).first()
    seats = list(current_seats(plan, today).select_related("user", "organisation").order_by("sector", "user__name"))
    order = {value: i for i, (value, _label) in enumerate(ForumMember._meta.get_field("sector").choices)}
    groups: dict[str, list[ForumMember]] = {}
    for seat in sorted(seats, key=lambda s: (order.get(s.sector, 99), s.user.name)):
        groups.setdefault(seat.get_sector_display(), []).append(seat)
    meetings = list(
        Meeting.objects.filter(plan=plan).prefetch_related(Prefetch("documents")).order_by("starts_at", "pk")
    )
    for meeting in meetings:
        meeting.plan = plan  # their addresses name the plan: no query per meeting
    now = clock.now()
    return ForumPage(
        plan=plan,
        terms=terms,
        sectors=list(groups.items()),
        upcoming=[m for m in meetings if m.ends_at >= now],
        past=[m for m in reversed(meetings) if m.ends_at < now],
        rounds=rounds_for_plan(plan),
    )
