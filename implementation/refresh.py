"""The mid-term refresh (herijking) of a published plan (issue #15.6).

- A process owner starts it: the plan's phase of kind REFRESH is the new call for input (the
  contribution form opens again; contributions sent in then are marked ``Idea.in_refresh``).
- New commitments are made as before (``commitments.services.commitment_create``): the identifier
  series continues (NL-5-18 after NL-5-17), and the refresh reopens drafting and the forum review
  (``commitments.rules.refresh_is_on``). A commitment made after the refresh started is "new in
  the refresh".
- An amendment proposes new text or milestones for a published commitment, with a reason in both
  languages. The published text stays as it is while the forum comments on the proposal; a process
  owner publishes it, which saves it as a new version of the commitment ("amended on <date>").
- The plan then gets a new published version whose list of changes ``changes_text`` writes.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from commitments.content import snapshot_of, snapshot_of_data
from commitments.models import Commitment, Milestone
from commitments.services import commitment_save
from core import clock, pagecache
from core.dates import show_date
from ideas.models import Idea
from ideas.services import published_plans
from implementation.models import Amendment, AmendmentComment, Refresh
from plans.models import ActionPlan, Phase

# The texts an amendment may change: OGP's template's prose, in both languages.
AMENDABLE_PROSE = [
    "title", "problem", "causes", "done_so_far", "description", "how_it_helps", "budget", "other_policies", "sdgs",
]  # fmt: skip
AMENDABLE_FIELDS = [f"{name}_{lang}" for name in AMENDABLE_PROSE for lang in ("nl", "en")]
MILESTONE_VALUES = [
    "description_nl", "description_en", "expected_output_nl", "expected_output_en", "starts_on", "ends_on",
    "responsible_organisation",
]  # fmt: skip


class Refused(Exception):
    """A step that is not possible in the amendment's or refresh's current state."""


# --- Reads ------------------------------------------------------------------------------------


def plan_is_published(plan: ActionPlan) -> bool:
    """Public, and its publication phase has started (``ideas.services.published_plans``)."""
    return published_plans(today=clock.today()).filter(pk=plan.pk).exists()


def refresh_of(plan: ActionPlan) -> Refresh | None:
    return Refresh.objects.select_related("plan", "phase").filter(plan=plan).first()


def refresh_contributions(refresh: Refresh):
    """The public contributions sent in during the refresh."""
    return Idea.objects.public().filter(plan=refresh.plan, in_refresh=True).order_by("-published_at", "-pk")


def new_commitments(refresh: Refresh):
    """Commitments made after the refresh started: they continue the plan's identifier series."""
    return (
        Commitment.objects.filter(plan=refresh.plan, created_at__gte=refresh.created_at)
        .select_related("lead_organisation")
        .order_by("sequence")
    )


def amendments_of(refresh: Refresh):
    return refresh.amendments.select_related("commitment").order_by("commitment__sequence", "-pk")


def open_amendment(commitment: Commitment) -> Amendment | None:
    return commitment.amendments.exclude(status=Amendment.Status.PUBLISHED).first()


def changes_text(refresh: Refresh, language: str) -> str:
    """What the refresh changed in the plan, as plain text in ``language``: the new commitments
    (final or published) and the published amendments with their date and reason. For the
    "what changed" of the plan's new published version."""
    with translation.override(language):
        lines = []
        new = [
            c for c in new_commitments(refresh) if c.status in (Commitment.Status.FINAL, Commitment.Status.PUBLISHED)
        ]
        if new:
            lines.append(_("New commitments:"))
            lines += [f"- {c.identifier} {c.localized('title', language)}" for c in new]
        amended = [a for a in amendments_of(refresh) if a.status == Amendment.Status.PUBLISHED]
        if amended:
            if lines:
                lines.append("")
            lines.append(_("Amended commitments:"))
            for amendment in amended:
                commitment = amendment.commitment
                lines.append(
                    _("- %(identifier)s %(title)s, amended on %(day)s: %(reason)s")
                    % {
                        "identifier": commitment.identifier,
                        "title": amendment.after.get(f"title_{language}") or commitment.localized("title", language),
                        "day": show_date(amendment.amended_on),
                        "reason": " ".join(amendment.localized("reason", language).split()),
                    }
                )
        if not lines:
            return _("The refresh has not changed the plan.")
        return "\n".join(lines)


# --- Starting the refresh -------------------------------------------------------------------


def check_call_dates(plan: ActionPlan, opens_on: datetime.date, closes_on: datetime.date) -> dict:
    """Field errors of the refresh's call-for-input dates (empty if fine)."""
    errors = {}
    if opens_on < clock.today():
        errors["call_opens_on"] = _("The call for input cannot open in the past.")
    if closes_on < opens_on:
        errors["call_closes_on"] = _("The call for input cannot close before it opens.")
    elif closes_on > plan.term_end:
        errors["call_closes_on"] = _("The call for input must close within the plan's term (until %(day)s).") % {
            "day": show_date(plan.term_end)
        }
    return errors


@transaction.atomic
def refresh_start(*, plan: ActionPlan, reason_nl: str, reason_en: str, call_opens_on, call_closes_on, actor) -> Refresh:
    """Start the refresh of a published plan: its REFRESH phase (created, or the one on its
    timeline with new dates) opens the call for input again. Raises ``ValidationError`` (by field)
    and writes nothing if the plan is not published, already refreshed or the dates are wrong."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)  # one refresh per plan
    if not plan_is_published(plan):
        raise ValidationError(_("Only a published plan can be refreshed."))
    if Refresh.objects.filter(plan=plan).exists():
        raise ValidationError(_("The refresh of this plan has already been started."))
    if errors := check_call_dates(plan, call_opens_on, call_closes_on):
        raise ValidationError(errors)
    phase, _created = Phase.objects.update_or_create(
        plan=plan,
        kind=Phase.Kind.REFRESH,
        defaults={"starts_on": call_opens_on, "ends_on": call_closes_on, "description_nl": reason_nl,
                  "description_en": reason_en},
    )  # fmt: skip
    refresh = Refresh.objects.create(plan=plan, phase=phase, reason_nl=reason_nl, reason_en=reason_en, started_by=actor)
    pagecache.invalidate()  # the timeline and the contribution form change
    return refresh


# --- Amendments -------------------------------------------------------------------------------


def _row_json(row: dict) -> dict:
    values = {}
    for name in MILESTONE_VALUES:
        value = row.get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        values[name] = value if value is not None else ("" if name.endswith(("_nl", "_en")) else None)
    return {"id": row.get("id"), **values}


def _row_values(row: dict) -> dict:
    """A stored row as ``commitments.services.commitment_save`` takes it."""
    values = {}
    for name in MILESTONE_VALUES:
        value = row.get(name)
        if name in ("starts_on", "ends_on"):
            value = datetime.date.fromisoformat(value) if value else None
        if name == "responsible_organisation":
            name, value = "responsible_organisation_id", value or None
        values[name] = value
    return values


def _milestone_changed(milestone: Milestone, row: dict) -> bool:
    for name in MILESTONE_VALUES:
        old = getattr(milestone, name)
        new = row.get(name)
        if (old or None) != (new or None):
            return True
    return False


@transaction.atomic
def amendment_save(
    *, commitment: Commitment, reason_nl: str, reason_en: str, fields: dict, milestones: list[dict], actor
) -> Amendment:
    """Write a proposal to amend a published commitment (or rewrite the draft one): new values of
    the prose ``fields`` and milestone rows (existing ones by id, new ones with id None). The
    commitment itself does not change until the amendment is published. Raises
    ``ValidationError`` if the reason is missing or nothing changes, ``Refused`` otherwise."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    refresh = Refresh.objects.filter(plan_id=commitment.plan_id).first()
    if refresh is None or commitment.status != Commitment.Status.PUBLISHED:
        raise Refused(_("Only a published commitment of a plan that is being refreshed can be amended."))
    reasons = {"reason_nl": reason_nl, "reason_en": reason_en}
    errors = {
        name: _("Say why the commitment is amended, in Dutch and in English.")
        for name, value in reasons.items()
        if not (value or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    amendment = open_amendment(commitment)
    if amendment and amendment.status != Amendment.Status.DRAFT:
        raise Refused(_("The forum is reviewing the amendment of this commitment: it cannot be changed now."))
    current = (
        Commitment.objects.select_related("plan", "lead_organisation")
        .prefetch_related("supporting_organisations", "themes", "building_blocks", "contributions",
                          "milestones__responsible_organisation")
        .get(pk=commitment.pk)
    )  # fmt: skip
    existing = {m.pk: m for m in current.milestones.all()}
    changed_fields = {
        name: value for name, value in fields.items() if name in AMENDABLE_FIELDS and value != getattr(current, name)
    }
    rows = []
    for row in milestones:
        if row.get("id") is not None:
            if row["id"] not in existing:
                raise Refused(_("A milestone of this commitment has been removed meanwhile. Please start again."))
            if _milestone_changed(existing[row["id"]], row):
                rows.append(_row_json(row))
        elif (row.get("description_nl") or "").strip():
            rows.append(_row_json(row))
    if not changed_fields and not rows:
        raise ValidationError(_("Nothing has changed: change a text or a milestone to amend the commitment."))
    # The full picture after the amendment, for the forum's diff: every milestone in its order.
    by_id = {row["id"]: row for row in milestones if row.get("id") is not None}
    all_rows = [
        {**{n: getattr(m, n) for n in MILESTONE_VALUES}, **by_id.get(m.pk, {}), "delete": False}
        for m in sorted(existing.values(), key=lambda m: (m.position, m.pk))
    ]
    all_rows += [
        {**row, "delete": False}
        for row in milestones
        if row.get("id") is None and (row.get("description_nl") or "").strip()
    ]
    values = {
        "refresh": refresh,
        "commitment": current,
        "reason_nl": reason_nl.strip(),
        "reason_en": reason_en.strip(),
        "changes": {"fields": changed_fields, "milestones": rows},
        "before": snapshot_of(current),
        "after": snapshot_of_data(current, changed_fields, all_rows),
        "base_version": current.version,
    }
    if amendment is None:
        return Amendment.objects.create(created_by=actor, **values)
    for name, value in values.items():
        setattr(amendment, name, value)
    amendment.save()
    return amendment


def _locked(amendment: Amendment, status) -> Amendment:
    locked = Amendment.objects.select_for_update().select_related("commitment").get(pk=amendment.pk)
    if locked.status != status:
        raise Refused(
            _("This step is not possible any more: the amendment is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def amendment_submit(*, amendment: Amendment, actor) -> Amendment:
    """Send the proposal to the forum for review."""
    amendment = _locked(amendment, Amendment.Status.DRAFT)
    amendment.status = Amendment.Status.IN_REVIEW
    amendment.save(update_fields=["status", "updated_at"])
    return amendment


@transaction.atomic
def amendment_return(*, amendment: Amendment, actor) -> Amendment:
    """Take the proposal back from the forum to change it (the forum's comments stay)."""
    amendment = _locked(amendment, Amendment.Status.IN_REVIEW)
    amendment.status = Amendment.Status.DRAFT
    amendment.save(update_fields=["status", "updated_at"])
    return amendment


@transaction.atomic
def amendment_comment(*, amendment: Amendment, author, body: str) -> AmendmentComment:
    amendment = _locked(amendment, Amendment.Status.IN_REVIEW)
    if not body.strip():
        raise ValidationError({"body": _("Write a comment.")})
    return AmendmentComment.objects.create(amendment=amendment, author=author, body=body.strip())


@transaction.atomic
def amendment_publish(*, amendment: Amendment, actor) -> Amendment:
    """Publish a reviewed amendment: the commitment gets the new text and milestones as a new
    version (``commitments.services.commitment_save``), marked "amended on" today. Refused if the
    commitment changed since the proposal was written (the forum reviewed another base)."""
    amendment = _locked(amendment, Amendment.Status.IN_REVIEW)
    commitment = Commitment.objects.select_for_update().get(pk=amendment.commitment_id)
    if commitment.version != amendment.base_version:
        raise Refused(_("The commitment has changed since this amendment was written. Write it again."))
    changed = {row["id"]: row for row in amendment.changes.get("milestones", []) if row.get("id") is not None}
    rows = []
    for milestone in commitment.milestones.order_by("position", "pk"):
        values = _row_values(changed[milestone.pk]) if milestone.pk in changed else {}
        rows.append({"id": milestone.pk, "delete": False, **values})
    rows += [
        {"id": None, "delete": False, **_row_values(row)}
        for row in amendment.changes.get("milestones", [])
        if row.get("id") is None
    ]
    saved, _fields = commitment_save(
        commitment=commitment,
        data=dict(amendment.changes.get("fields", {})),
        milestones=rows,
        seen_version=commitment.version,
        actor=actor,
    )
    amendment.status = Amendment.Status.PUBLISHED
    amendment.amended_on = clock.today()
    amendment.before_version = amendment.base_version
    amendment.after_version = saved.version
    amendment.save(update_fields=["status", "amended_on", "before_version", "after_version", "updated_at"])
    pagecache.invalidate()  # the commitment's public page shows the new text
    return amendment


# --- The plan's new published version ------------------------------------------------------------


def publish_refreshed_version(
    *, refresh: Refresh, number, language, label_nl, label_en, published_on, changes_nl, changes_en, actor
):
    """Publish the plan's new version with the refresh's changes, through the publication app
    (``publication.services.publish_version``). Raises ``Refused`` with its message if that
    service refuses or does not exist (yet)."""
    try:
        from publication.services import publish_version
    except ImportError:
        raise Refused(
            _("Publishing a new version of the plan is not available yet (publication.services.publish_version).")
        ) from None
    try:
        return publish_version(
            refresh.plan, number=number, language=language, label_nl=label_nl, label_en=label_en,
            published_on=published_on, changes_nl=changes_nl, changes_en=changes_en, actor=actor,
        )  # fmt: skip
    except ValidationError:
        raise
    except Exception as refused:
        # The publication app's own refusal (a blocker, a number used twice): its message.
        if type(refused).__module__.startswith("publication."):
            raise Refused(str(refused)) from refused
        raise
