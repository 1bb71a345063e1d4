"""Changes to commitments: create, save (with versions and the stale-edit check), restore, and
the workflow's steps. Each runs in one transaction with the commitment's row locked."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import workflow
from commitments.content import (
    MILESTONE_FIELDS,
    RELATION_FIELDS,
    SCALAR_FIELDS,
    Missing,
    changed_fields,
    commitment_missing,
    snapshot_of,
    snapshot_of_data,
)
from commitments.models import Commitment, CommitmentVersion, Milestone, StatusChange
from commitments.rules import TRANSITIONS
from core import concurrency, pagecache
from core.formdata import assign, many_set, rows_save
from plans.models import ActionPlan


class StaleEdit(concurrency.StaleEdit):
    """Someone saved the commitment after this editor opened it: what each of them changed."""

    def __init__(self, *, current: Commitment, base: dict, theirs: dict, mine: dict, author):
        super().__init__(_("Someone else saved this commitment after you opened it."), current=current)
        self.base, self.theirs, self.mine = base, theirs, mine
        self.author = author
        self.conflicts = [
            f for f in changed_fields(base, mine) if base.get(f) != theirs.get(f) and mine.get(f) != theirs.get(f)
        ]
        self.theirs_only = [f for f in changed_fields(base, theirs) if base.get(f) == mine.get(f)]


@dataclass
class TransitionRefused(Exception):
    message: str
    missing: list[Missing] = field(default_factory=list)

    def __str__(self):
        return self.message


def _fresh(pk: int) -> Commitment:
    """The commitment locked for update, with what snapshots and completeness read."""
    Commitment.objects.select_for_update().get(pk=pk)
    return _load(pk)


def _load(pk: int) -> Commitment:
    return (
        Commitment.objects.select_related("plan", "lead_organisation")
        .prefetch_related(
            "supporting_organisations",
            "themes",
            "building_blocks",
            "contributions",
            "milestones__responsible_organisation",
        )  # fmt: skip
        .get(pk=pk)
    )


def _record_version(commitment: Commitment, *, actor, before: dict | None, restored_from: int | None = None):
    after = snapshot_of(commitment)
    changed = (
        changed_fields(before, after)
        if before is not None
        else [f for f in after if after[f] not in ("", [], None, False)]
    )
    if before is not None and not changed:
        return None
    commitment.version += 1
    # The version number and editor are not on the cached pages: no pagecache.invalidate() here.
    Commitment.objects.filter(pk=commitment.pk).update(version=commitment.version, updated_by=actor)
    return CommitmentVersion.objects.create(
        commitment=commitment,
        number=commitment.version,
        author=actor,
        snapshot=after,
        changed_fields=changed,
        restored_from=restored_from,
    )


@transaction.atomic
def commitment_create(*, plan: ActionPlan, lead_organisation, title_nl: str, title_en: str = "", actor) -> Commitment:
    """Create a commitment and give it its identifier, ``NL-<plan>-<nn>``, once."""
    # Lock the plan: two commitments created at the same moment must not get the same number.
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    sequence = (plan.commitments.aggregate(last=Max("sequence"))["last"] or 0) + 1
    commitment = Commitment.objects.create(
        plan=plan,
        lead_organisation=lead_organisation,
        title_nl=title_nl,
        title_en=title_en,
        sequence=sequence,
        identifier=f"NL-{plan.number}-{sequence:02d}",
        updated_by=actor,
    )
    _record_version(_fresh(commitment.pk), actor=actor, before=None)
    commitment.refresh_from_db()
    return commitment


def _version_number(seen) -> int | None:
    try:
        return int(seen)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def commitment_save(
    *, commitment: Commitment, data: dict, milestones: list[dict], seen_version, actor
) -> tuple[Commitment, list[str]]:
    """Save the template and its milestones as a new version.

    ``data`` holds the template's fields (relations as the objects), ``milestones`` the rows in
    the editor's order (``core.formdata``). ``seen_version`` is the version the editor started
    from: if someone saved in between, nothing is written and ``StaleEdit`` says which fields both
    changed, so that the editor merges instead of overwriting the other's work.
    """
    try:
        concurrency.lock_fresh(Commitment, pk=commitment.pk, seen=seen_version)
    except concurrency.StaleEdit:
        current = _load(commitment.pk)
        base_row = current.versions.filter(number=_version_number(seen_version)).first()
        raise StaleEdit(
            current=current,
            base=base_row.snapshot if base_row else {},
            theirs=snapshot_of(current),
            mine=snapshot_of_data(current, data, milestones),
            author=current.updated_by,
        ) from None
    current = _load(commitment.pk)
    before = snapshot_of(current)
    # The values go onto the locked row: fields that are not in ``data`` (status, version,
    # identifier, lead organisation) are never taken from the page's copy.
    _changed, many = assign(current, data)
    current.updated_by = actor
    current.save()
    many_set(current, many)
    rows_save(Milestone, parent={"commitment": current}, rows=milestones, position="position")
    saved = _load(current.pk)
    version = _record_version(saved, actor=actor, before=before)
    return saved, version.changed_fields if version else []


@transaction.atomic
def commitment_restore(*, commitment: Commitment, number: int, actor) -> CommitmentVersion | None:
    """Bring back what version ``number`` said, as a new version (the history keeps everything)."""
    current = _fresh(commitment.pk)
    old = current.versions.get(number=number).snapshot
    before = snapshot_of(current)
    for name in SCALAR_FIELDS:
        if name in old:
            setattr(current, name, old[name])
    current.updated_by = actor
    current.save()
    models = {
        "supporting_organisations": current.supporting_organisations.model,
        "themes": current.themes.model,
        "building_blocks": current.building_blocks.model,
        "contributions": current.contributions.model,
    }
    for name in RELATION_FIELDS:
        ids = [ref[0] for ref in old.get(name, [])]
        # Rows deleted since then cannot come back; the rest is linked again.
        getattr(current, name).set(models[name].objects.filter(pk__in=ids))
    current.milestones.all().delete()
    organisation_model = current.lead_organisation.__class__
    existing = set(organisation_model.objects.filter(
        pk__in=[m["responsible_organisation"][0] for m in old.get("milestones", []) if m.get("responsible_organisation")]
    ).values_list("pk", flat=True))  # fmt: skip
    for position, values in enumerate(old.get("milestones", []), 1):
        kwargs = {f: values.get(f) or "" for f in MILESTONE_FIELDS[:4]}
        for name in ("starts_on", "ends_on"):
            kwargs[name] = datetime.date.fromisoformat(values[name]) if values.get(name) else None
        ref = values.get("responsible_organisation")
        kwargs["responsible_organisation_id"] = ref[0] if ref and ref[0] in existing else None
        Milestone.objects.create(commitment=current, position=position, **kwargs)
    return _record_version(_fresh(current.pk), actor=actor, before=before, restored_from=number)


# Steps that need a complete commitment: everything from "ready for review" on.
NEEDS_COMPLETE = {"submit", "start_review", "revise", "finalise", "publish"}


@transaction.atomic
def commitment_transition(*, commitment: Commitment, name: str, actor) -> Commitment:
    source, target, _who = TRANSITIONS[name]
    current = _fresh(commitment.pk)
    if current.status != source:
        raise TransitionRefused(
            _("This step is not possible any more: the commitment is now “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    if name in NEEDS_COMPLETE:
        missing = commitment_missing(current)
        if missing:
            raise TransitionRefused(_("The commitment is not complete yet. Still missing:"), missing)
    if blocked := workflow.refusal(name, commitment=current, actor=actor):
        raise TransitionRefused(blocked)
    Commitment.objects.filter(pk=current.pk).update(status=target, updated_by=actor, updated_at=timezone.now())
    # Published commitments are linked from the contributions and building blocks they draw on;
    # update() sends no signal (and the StatusChange row below is not watched).
    pagecache.invalidate()
    StatusChange.objects.create(commitment=current, from_status=source, to_status=target, actor=actor)
    current.status = target
    return current
