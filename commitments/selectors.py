"""Reads of commitments for pages, each a fixed number of queries whatever the number of rows."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Organisation
from commitments.models import Commitment, CommitmentVersion, Milestone
from core import clock
from ideas.models import Idea
from plans import forum
from plans.models import Phase

SUPPORT_GROUPS = [
    # (label key, organisation kinds): OGP's template names government, civil society, private
    # sector and other actors; our organisations carry a finer kind.
    ("government", {Organisation.Kind.MINISTRY, Organisation.Kind.CO_GOVERNMENT}),
    ("civil_society", {Organisation.Kind.CIVIL_SOCIETY}),
    ("private_sector", {Organisation.Kind.PRIVATE_SECTOR}),
    ("other", {Organisation.Kind.ACADEMIA, Organisation.Kind.OTHER}),
]


def _ordered_milestones():
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.select_related("responsible_organisation").order_by("position", "pk"),
    )


def commitment_public_list() -> QuerySet:
    """Published commitments with their lead organisation and themes: two queries."""
    return (
        Commitment.objects.public()
        .select_related("plan", "lead_organisation")
        .prefetch_related("themes")
        .order_by("-plan__number", "sequence")
    )


def commitment_for_page(*, identifier: str) -> Commitment | None:
    """One commitment with everything its page shows."""
    return (
        Commitment.objects.select_related("plan", "lead_organisation", "updated_by")
        .prefetch_related(
            "supporting_organisations",
            "themes",
            "building_blocks",
            Prefetch("contributions", queryset=_public_contributions()),
            _ordered_milestones(),
            "plan__phases",
        )
        .filter(identifier=identifier)
        .first()
    )


def _public_contributions():
    return Idea.objects.public().order_by("title")


def late_drafts() -> Q:
    """Commitments still in draft after their plan's drafting deadline (the end of its drafting
    phase): the action holders can no longer edit them, a process owner has to act."""
    return Q(
        status=Commitment.Status.DRAFT,
        plan__phases__kind=Phase.Kind.DRAFTING,
        plan__phases__ends_on__lt=clock.today(),
    )


def commitment_staff_overview(*, late: bool = False) -> QuerySet:
    """Every commitment with its status, completeness (from prefetched milestones) and last change;
    with ``late``, only the drafts behind their deadline."""
    # A plan has one drafting phase (one phase per kind), so the join adds no duplicate rows.
    commitments = Commitment.objects.filter(late_drafts()) if late else Commitment.objects.all()
    return (
        commitments.select_related("plan", "lead_organisation", "updated_by")
        .prefetch_related(_ordered_milestones())
        .order_by("-plan__number", "sequence")
    )


def commitment_workspace(*, user) -> dict:
    """What a person works on: commitments led by their organisations, and those their forum
    seats let them review."""
    today = clock.today()
    led = (
        Commitment.objects.filter(lead_organisation__memberships__user=user)
        .select_related("plan", "lead_organisation")
        .prefetch_related(_ordered_milestones())
        .order_by("-plan__number", "sequence")
    )
    return {"led": list(led), "review": commitments_for_review(user=user, today=today)}


def commitments_led_by(*, user) -> list[Commitment]:
    """Commitments led by the person's organisations, without their milestones: one query."""
    return list(
        Commitment.objects.filter(lead_organisation__memberships__user=user)
        .select_related("plan", "lead_organisation")
        .distinct()
        .order_by("-plan__number", "sequence")
    )


def commitments_for_review(*, user, today=None) -> list[Commitment]:
    """Commitments in (or revised after) forum review of plans where the person holds a current
    forum seat: what their seat lets them read (``commitments.rules``). One query."""
    today = today or clock.today()
    seats = forum.current_seats(on=today).filter(user=user)
    return list(
        Commitment.objects.filter(
            plan__in=seats.values("plan"), status__in=[Commitment.Status.IN_REVIEW, Commitment.Status.REVISED]
        )
        .select_related("plan", "lead_organisation")
        .distinct()
        .order_by("-plan__number", "sequence")
    )


def supporting_groups(commitment: Commitment) -> list[tuple[str, list[Organisation]]]:
    groups = []
    organisations = list(commitment.supporting_organisations.all())
    for key, kinds in SUPPORT_GROUPS:
        members = [o for o in organisations if o.kind in kinds]
        if members:
            groups.append((key, members))
    return groups


def commitment_versions(*, commitment: Commitment) -> list[CommitmentVersion]:
    return list(commitment.versions.select_related("author").order_by("-number"))


def commitments_drawing_on(*, building_block=None, contribution=None) -> QuerySet:
    """The published commitments that draw on a building block or a contribution: for the
    back-links on their pages (see templates/commitments/_drawn_on_by.html)."""
    commitments = Commitment.objects.public().select_related("lead_organisation").order_by("identifier")
    if building_block is not None:
        return commitments.filter(building_blocks=building_block)
    return commitments.filter(contributions=contribution)
