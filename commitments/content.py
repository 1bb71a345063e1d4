"""What a commitment says, as data: snapshots for versions, what is still missing, and the
field-by-field diff of two versions.

A snapshot is a JSON dict of every field a person edits (both languages, the OGP values, the
organisations, themes, traceability links and the milestones in order). Relations are stored as
``[id, label]`` so that a version still reads well after an organisation is renamed or a building
block is deleted, and can be restored by id.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import OGP_VALUES, PROSE_FIELDS, REQUIRED_PROSE, Commitment

LANGUAGES = [("nl", gettext_lazy("Dutch")), ("en", gettext_lazy("English"))]
VALUE_NAMES = [name for name, _label in OGP_VALUES]
PROSE_NAMES = [name for name, _label in PROSE_FIELDS]
# Scalar fields in the order of the template (the diff and the history follow this order).
SCALAR_FIELDS = (
    [f"{name}_{lang}" for name in PROSE_NAMES[:6] for lang in ("nl", "en")]
    + [f for name in VALUE_NAMES for f in (name, f"{name}_why_nl", f"{name}_why_en")]
    + [f"{name}_{lang}" for name in PROSE_NAMES[6:] for lang in ("nl", "en")]
    + ["contact_name", "contact_email"]
)
RELATION_FIELDS = ["supporting_organisations", "themes", "building_blocks", "contributions"]
MILESTONE_FIELDS = [
    "description_nl", "description_en", "expected_output_nl", "expected_output_en",
    "starts_on", "ends_on", "responsible_organisation",
]  # fmt: skip
SNAPSHOT_FIELDS = [*SCALAR_FIELDS, "lead_organisation", *RELATION_FIELDS, "milestones"]


def _label(obj) -> str:
    for attr in ("name", "title_nl", "name_nl", "title"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return str(obj)


def _ref(obj):
    return [obj.pk, _label(obj)] if obj is not None else None


def _refs(objects) -> list:
    return sorted((_ref(o) for o in objects), key=lambda r: (r[1].lower(), r[0]))


def _date(value) -> str:
    return value.isoformat() if value else ""


def _milestone(values: dict) -> dict:
    return {
        "description_nl": values.get("description_nl") or "",
        "description_en": values.get("description_en") or "",
        "expected_output_nl": values.get("expected_output_nl") or "",
        "expected_output_en": values.get("expected_output_en") or "",
        "starts_on": _date(values.get("starts_on")),
        "ends_on": _date(values.get("ends_on")),
        "responsible_organisation": _ref(values.get("responsible_organisation")),
    }


def snapshot_of(commitment: Commitment) -> dict:
    """The commitment as saved. Uses prefetched relations where present."""
    data = {f: getattr(commitment, f) for f in SCALAR_FIELDS}
    data["lead_organisation"] = _ref(commitment.lead_organisation)
    for field in RELATION_FIELDS:
        data[field] = _refs(getattr(commitment, field).all())
    milestones = sorted(commitment.milestones.all(), key=lambda m: (m.position, m.pk))
    data["milestones"] = [_milestone({f: getattr(m, f) for f in MILESTONE_FIELDS}) for m in milestones]
    return data


def snapshot_of_data(commitment: Commitment, data: dict, milestones: list[dict]) -> dict:
    """The commitment as the editor typed it (validated data and milestone rows, as
    ``commitments.services.commitment_save`` takes them), without saving anything."""
    snapshot = {f: data.get(f, getattr(commitment, f)) for f in SCALAR_FIELDS}
    for f in SCALAR_FIELDS:
        if snapshot[f] is None:
            snapshot[f] = ""
    snapshot["lead_organisation"] = _ref(commitment.lead_organisation)
    for field in RELATION_FIELDS:
        snapshot[field] = _refs(data[field] if field in data else getattr(commitment, field).all())
    snapshot["milestones"] = [_milestone(row) for row in milestones if not row["delete"]]
    return snapshot


def changed_fields(before: dict, after: dict) -> list[str]:
    return [f for f in SNAPSHOT_FIELDS if before.get(f) != after.get(f)]


# --- Labels and readable values -------------------------------------------------------------


def field_label(field: str) -> str:
    if field == "milestones":
        return _("Milestones")
    return capfirst(str(Commitment._meta.get_field(field).verbose_name))


def field_text(field: str, value) -> str:
    """A snapshot value as plain text, for diffs and conflict messages."""
    if field == "milestones":
        blocks = []
        for n, m in enumerate(value or [], 1):
            lines = [_("Milestone %(n)s") % {"n": n}]
            lines += [m["description_nl"], m["description_en"]]
            lines.append(
                _("Expected output: %(nl)s / %(en)s") % {"nl": m["expected_output_nl"], "en": m["expected_output_en"]}
            )
            lines.append(_("Dates: %(start)s – %(end)s") % {"start": m["starts_on"] or "…", "end": m["ends_on"] or "…"})
            if m.get("responsible_organisation"):
                lines.append(_("Responsible: %(org)s") % {"org": m["responsible_organisation"][1]})
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "\n".join(str(v[1]) for v in value)
        if len(value) == 2 and isinstance(value[0], int):
            return str(value[1])
    return str(value)


# --- Completeness ------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    anchor: str  # the id of the form field group on the edit page
    message: str


def commitment_missing(commitment: Commitment) -> list[Missing]:
    """What must still be filled in before the commitment can go to review. Reads prefetched
    milestones, so a list of commitments costs no extra queries."""
    missing = []
    for name in REQUIRED_PROSE:
        for lang, language in LANGUAGES:
            if not (getattr(commitment, f"{name}_{lang}") or "").strip():
                missing.append(
                    Missing(
                        f"id_{name}_{lang}_group",
                        _("%(field)s is empty in %(language)s.") % {"field": _prose_label(name), "language": language},
                    )
                )
    if not commitment.contact_name.strip() or not commitment.contact_email.strip():
        missing.append(Missing("id_contact_name_group", _("Name a contact person with an email address.")))
    chosen = [name for name in VALUE_NAMES if getattr(commitment, name)]
    if not chosen:
        missing.append(
            Missing("id_transparency_group", _("Say which OGP values the commitment is relevant to, and why."))
        )
    for name in chosen:
        for lang, language in LANGUAGES:
            if not (getattr(commitment, f"{name}_why_{lang}") or "").strip():
                missing.append(
                    Missing(
                        f"id_{name}_why_{lang}_group",
                        _("Explain in %(language)s why it is relevant to %(value)s.")
                        % {"language": language, "value": _value_label(name).lower()},
                    )
                )
    milestones = sorted(commitment.milestones.all(), key=lambda m: (m.position, m.pk))
    for n, milestone in enumerate(milestones, 1):
        for lang, language in LANGUAGES:
            if not getattr(milestone, f"description_{lang}").strip():
                missing.append(
                    Missing(
                        "milestones",
                        _("Milestone %(n)s: the description is empty in %(language)s.")
                        % {"n": n, "language": language},
                    )
                )
    if not any(m.is_verifiable for m in milestones):
        missing.append(
            Missing(
                "milestones",
                _(
                    "Add at least one milestone with a start date, an end date and an expected output in both "
                    "languages. Without one, the IRM calls a commitment “not verifiable”."
                ),
            )
        )
    return missing


def _prose_label(name: str) -> str:
    return str(dict(PROSE_FIELDS)[name])


def _value_label(name: str) -> str:
    return str(dict(OGP_VALUES)[name])


# --- Diff ----------------------------------------------------------------------------------

# A word with the whitespace after it, so that a run of changed words is marked as one piece.
_TOKENS = re.compile(r"\S+\s*|\s+")


def _mark(tokens: list[str], tag: str) -> str:
    text = "".join(tokens)
    core = text.rstrip()
    if not core:
        return escape(text)
    return f"<{tag}>{escape(core)}</{tag}>{escape(text[len(core) :])}"


def side_by_side(old: str, new: str) -> tuple[str, str]:
    """Two HTML fragments: the old text with removed words in <del>, the new one with added words
    in <ins>. Every piece of user text is escaped; only our own tags are markup."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(a[i1:i2])))
            right.append(escape("".join(b[j1:j2])))
        else:
            if i2 > i1:
                left.append(_mark(a[i1:i2], "del"))
            if j2 > j1:
                right.append(_mark(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308  (escaped above)


@dataclass
class FieldDiff:
    field: str
    label: str
    old_html: str
    new_html: str


def versions_diff(old: dict, new: dict) -> list[FieldDiff]:
    rows = []
    for field in SNAPSHOT_FIELDS:
        if old.get(field) == new.get(field):
            continue
        left, right = side_by_side(field_text(field, old.get(field)), field_text(field, new.get(field)))
        rows.append(FieldDiff(field, field_label(field), left, right))
    return rows
