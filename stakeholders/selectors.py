"""Reads of the forum: current seats, the public forum page, and the OGP meeting rhythm."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from commitments.content import versions_diff
from core import clock
from plans.models import ActionPlan
from stakeholders.models import (
    ForumMember,
    ForumTerms,
    Meeting,
    Remark,
    RemarkReport,
    Review,
    ReviewRound,
    RoundCommitment,
)


def current_seats(plan, on: datetime.date):
    """The seats of ``plan``'s forum on the day ``on``."""
    return ForumMember.objects.current(on=on).filter(plan=plan)


def has_current_seat(user, plan, on: datetime.date | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return current_seats(plan, on or clock.today()).filter(user=user).exists()


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


def current_seat(user, plan, on: datetime.date) -> ForumMember | None:
    if not user or not user.is_authenticated:
        return None
    return current_seats(plan, on).filter(user=user).first()


def rounds_for_plan(plan):
    """The plan's review rounds, newest first, for the public forum page (each links
    ``get_absolute_url`` and ``decision_log_url``)."""
    return list(ReviewRound.objects.filter(plan=plan).select_related("plan").order_by("-opens_on", "-pk"))


def _remarks_queryset(*, public_only: bool):
    remarks = Remark.objects.select_related("author", "milestone", "review__seat__organisation", "answered_by")
    if public_only:
        remarks = remarks.filter(moderation=Remark.Moderation.APPROVED)
    return remarks.order_by("created_at", "pk")


def round_items(review_round: ReviewRound, *, approved_only: bool = True):
    """The round's commitments with their reviewed version, current version, reviews, remarks
    (with authors and seats) and chosen reviewers."""
    return list(
        RoundCommitment.objects.filter(round=review_round)
        .select_related("commitment__lead_organisation", "reviewed_version")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "seat__organisation")),
            Prefetch("remarks", queryset=_remarks_queryset(public_only=approved_only)),
            Prefetch("reviewers", queryset=ForumMember.objects.select_related("user")),
            "commitment__milestones",
        )
        .order_by("commitment__sequence")
    )


def averages(item: RoundCommitment, criteria: list[str]) -> list[tuple[str, float | None, int]]:
    """(criterion, average score, number of scores) per criterion, from prefetched reviews."""
    scores = defaultdict(list)
    for review in item.reviews.all():
        for key, value in review.scores.items():
            if isinstance(value, dict) and value.get("score"):
                scores[key].append(int(value["score"]))
    return [
        (key, round(sum(scores[key]) / len(scores[key]), 1) if scores[key] else None, len(scores[key]))
        for key in criteria
    ]


def item_diff(item: RoundCommitment, latest_snapshot: dict | None):
    """What changed between the reviewed version and the commitment's latest version."""
    if latest_snapshot is None:
        return []
    return versions_diff(item.reviewed_version.snapshot, latest_snapshot)


def latest_snapshots(items) -> dict[int, dict]:
    """The latest version's snapshot per commitment, in one query."""
    from commitments.models import CommitmentVersion

    ids = [item.commitment_id for item in items]
    latest = {}
    for version in (
        CommitmentVersion.objects.filter(commitment_id__in=ids)
        .order_by("commitment_id", "-number")
        .distinct("commitment_id")
    ):
        latest[version.commitment_id] = version.snapshot
    return latest


def assigned_to(item: RoundCommitment, seat: ForumMember | None) -> bool:
    """Whether a seat reviews this item: chosen reviewers, or the whole forum when none were chosen."""
    if seat is None:
        return False
    chosen = list(item.reviewers.all())
    return not chosen or any(s.pk == seat.pk for s in chosen)


def pending_consultation(review_round: ReviewRound):
    return list(
        Remark.objects.filter(item__round=review_round, is_public=True, moderation=Remark.Moderation.PENDING)
        .select_related("author", "item__commitment")
        .order_by("created_at")
    )


def reported_consultation(review_round: ReviewRound):
    """Published comments with open reports, with the reasons, for the moderators."""
    return list(
        Remark.objects.filter(
            item__round=review_round, is_public=True, moderation=Remark.Moderation.APPROVED,
            reports__resolved_at__isnull=True,
        )
        .distinct()
        .select_related("author", "item__commitment")
        .prefetch_related(Prefetch("reports", queryset=RemarkReport.objects.filter(resolved_at__isnull=True)))
        .order_by("created_at")
    )  # fmt: skip


def unanswered_remarks(commitment) -> int:
    """Remarks on the commitment (in any round) that still need an answer; rejected or pending
    consultation comments do not count."""
    return Remark.objects.filter(item__commitment=commitment, moderation=Remark.Moderation.APPROVED, answer="").count()
