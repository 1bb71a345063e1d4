"""Publishing a version of a plan (issue 14, point 3), and the texts staff write for its document.

``publish_version`` freezes everything a version shows in one transaction: the plan document in
the version's language and the co-creation report in Dutch and English (their HTML, stored in
``VersionDocument`` rows), a snapshot of every commitment in it, and the step of its final
commitments to "published". The PDFs are made after the commit, by the pdf task; the request never
waits for them. Either all of it is written or nothing: a refusal (``PublishRefused``) or an
error rolls the whole version back.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from commitments.content import snapshot_of
from commitments.models import LANGUAGE_NAMES, OGP_VALUES, PROSE_FIELDS, REQUIRED_PROSE, Commitment
from commitments.services import commitment_transition
from core import pagecache
from core.i18n import localized_value
from ideas.models import Idea
from plans.models import ActionPlan
from publication import cocreation, tasks
from publication.models import PlanText, PlanVersion, VersionDocument
from publication.plan_document import IN_A_VERSION, render_plan_document, version_commitments

# Contributions listed one by one on the publish page; the rest are counted.
LISTED_CONTRIBUTIONS = 20


@dataclass(frozen=True)
class Blocker:
    """One reason a version cannot be published yet, and where to put it right."""

    message: str
    url: str = ""


@dataclass
class PublishRefused(Exception):
    """Nothing was published: the blockers, or errors of the version's own fields (by field name)."""

    blockers: list[Blocker] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self):
        return "; ".join([*(b.message for b in self.blockers), *self.errors.values()])


def _language_name(language: str) -> str:
    return str(LANGUAGE_NAMES[language])


def _label(name: str) -> str:
    return str(dict(PROSE_FIELDS)[name])


def _commitment_gaps(commitment: Commitment, language: str) -> list[str]:
    """What the template lacks in ``language``: the required prose, the reasons for the chosen OGP
    values, and the milestones' descriptions. Reads prefetched milestones."""
    gaps = [_label(name) for name in REQUIRED_PROSE if not getattr(commitment, f"{name}_{language}").strip()]
    for name, value_label in OGP_VALUES:
        if getattr(commitment, name) and not getattr(commitment, f"{name}_why_{language}").strip():
            gaps.append(_("why it is relevant to %(value)s") % {"value": str(value_label).lower()})
    milestones = sorted(commitment.milestones.all(), key=lambda m: (m.position, m.pk))
    for n, milestone in enumerate(milestones, 1):
        if not getattr(milestone, f"description_{language}").strip():
            gaps.append(_("the description of milestone %(n)s") % {"n": n})
    if not milestones:
        gaps.append(_("Milestones"))
    return gaps


def blockers(plan: ActionPlan, language: str) -> list[Blocker]:
    """Why a version of ``plan`` in ``language`` cannot be published now; empty when it can.

    Every commitment of the plan must be final (or published already); every field of the
    commitments and of the plan's own texts must be filled in the version's language; and every
    published contribution must have an outcome with a reasoned response. A fixed number of
    queries."""
    found = []
    language_name = _language_name(language)
    text_url = reverse("publication_versions:staff_text", kwargs={"slug": plan.slug})
    text = PlanText.objects.filter(plan=plan).first()
    for name, label in (("introduction", _("The introduction")), ("context", _("The context"))):
        if text is None or not getattr(text, f"{name}_{language}").strip():
            found.append(
                Blocker(_("%(text)s is empty in %(language)s.") % {"text": label, "language": language_name}, text_url)
            )

    others = Commitment.objects.filter(plan=plan).exclude(status__in=IN_A_VERSION).order_by("sequence")
    for commitment in others:
        found.append(
            Blocker(
                _("%(identifier)s “%(title)s” is not final: %(status)s.")
                % {
                    "identifier": commitment.identifier,
                    "title": localized_value(commitment, "title", language),
                    "status": commitment.get_status_display(),
                },
                commitment.get_absolute_url(),
            )
        )
    commitments = list(version_commitments(plan))
    if not commitments:
        found.append(Blocker(_("No commitment of this plan is final yet.")))
    for commitment in commitments:
        gaps = _commitment_gaps(commitment, language)
        if gaps:
            found.append(
                Blocker(
                    _("%(identifier)s is not filled in in %(language)s: %(fields)s.")
                    % {"identifier": commitment.identifier, "language": language_name, "fields": ", ".join(gaps)},
                    commitment.get_absolute_url(),
                )
            )

    # The same test as the OGP check's requirement 4: an outcome and a public answer.
    unanswered = (
        Idea.objects.filter(plan=plan, status=Idea.Status.PUBLISHED)
        .filter(Q(outcome="") | Q(response=""))
        .order_by("created_at", "pk")
    )
    total = unanswered.count()
    for idea in unanswered[:LISTED_CONTRIBUTIONS]:
        found.append(
            Blocker(
                _("The contribution “%(title)s” has no reasoned response yet.") % {"title": idea.title},
                idea.get_absolute_url(),
            )
        )
    if total > LISTED_CONTRIBUTIONS:
        found.append(
            Blocker(
                _("And %(n)d more contributions without a reasoned response.") % {"n": total - LISTED_CONTRIBUTIONS},
                reverse("ideas:list"),
            )
        )
    return found


def next_number(plan: ActionPlan) -> int:
    last = plan.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def publish_version(
    plan: ActionPlan,
    *,
    number: int,
    language: str,
    label_nl: str,
    label_en: str,
    published_on,
    changes_nl: str = "",
    changes_en: str = "",
    actor,
) -> PlanVersion:
    """Publish version ``number`` of ``plan`` in ``language``, or raise ``PublishRefused`` and
    write nothing."""
    with transaction.atomic():
        # One publication of a plan at a time: the number check and the snapshots see one state.
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        found = blockers(plan, language)
        if found:
            raise PublishRefused(blockers=found)
        version = freeze_version(
            plan, number=number, language=language, label_nl=label_nl, label_en=label_en,
            published_on=published_on, changes_nl=changes_nl, changes_en=changes_en, actor=actor,
        )  # fmt: skip
    return version


def _number_taken(number: int) -> PublishRefused:
    return PublishRefused(
        errors={
            "number": _("Version %(number)s of this plan has already been published. Choose another number.")
            % {"number": number}
        }
    )


def freeze_version(
    plan, *, number, language, label_nl, label_en, published_on, changes_nl="", changes_en="", actor
) -> PlanVersion:
    """The writing half of ``publish_version``, after its checks: the version, its documents, the
    snapshots, and the final commitments published. Called inside the caller's transaction (the
    demo calls it directly to replay the versions of its history, see ``publication.demo``)."""
    if PlanVersion.objects.filter(plan=plan, number=number).exists():
        raise _number_taken(number)
    commitments = list(version_commitments(plan))
    try:
        with transaction.atomic():
            version = PlanVersion.objects.create(
                plan=plan, number=number, language=language, label_nl=label_nl, label_en=label_en,
                published_on=published_on, changes_nl=changes_nl, changes_en=changes_en, published_by=actor,
                commitments={c.identifier: snapshot_of(c) for c in commitments},
            )  # fmt: skip
    except IntegrityError:  # published by someone else between the check and the insert
        raise _number_taken(number) from None
    documents = [
        VersionDocument(
            version=version,
            kind=VersionDocument.Kind.PLAN,
            language=language,
            title=_document_title(plan, VersionDocument.Kind.PLAN, language, number),
            html=render_plan_document(plan, language, commitments=commitments),
        )
    ]
    for report_language in ("nl", "en"):
        documents.append(
            VersionDocument(
                version=version,
                kind=VersionDocument.Kind.COCREATION_REPORT,
                language=report_language,
                title=_document_title(plan, VersionDocument.Kind.COCREATION_REPORT, report_language, number),
                html=cocreation.render_report(plan, report_language),
            )
        )
    for document in documents:
        document.save()
    for commitment in commitments:
        if commitment.status == Commitment.Status.FINAL:
            commitment_transition(commitment=commitment, name="publish", actor=actor)
    pagecache.invalidate()
    for document in documents:
        tasks.enqueue_pdf(document)
    return version


def _document_title(plan, kind, language, number) -> str:
    with override(language):
        title = localized_value(plan, "title", language)
        if kind == VersionDocument.Kind.PLAN:
            return _("%(plan)s, version %(number)s") % {"plan": title, "number": number}
        return _("Co-creation report: %(plan)s, version %(number)s") % {"plan": title, "number": number}


@transaction.atomic
def plan_text_save(*, plan: ActionPlan, data: dict, actor) -> PlanText:
    """Save the introduction and context of the plan document (both languages)."""
    text, _created = PlanText.objects.select_for_update().get_or_create(plan=plan)
    for name in ("introduction_nl", "introduction_en", "context_nl", "context_en"):
        setattr(text, name, data.get(name, getattr(text, name)))
    text.updated_by = actor
    text.save()
    return text
