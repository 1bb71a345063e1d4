"""Reads for the forum's review rounds, each at a fixed number of queries."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q

from commitments.content import versions_diff
from stakeholders.models import ForumMember, Remark, RemarkReport, Review, ReviewRound, RoundCommitment


def current_seats(plan, on: datetime.date):
    """The seats of ``plan``'s forum that are current on ``on``."""
    return ForumMember.objects.filter(plan=plan, since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))


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
