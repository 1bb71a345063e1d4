"""The end-of-term self-assessment of a plan (issue 15, point 7), in the shape of OGP's template.

``assessment_context(plan, language)`` compiles it from the data: a summary of the plan, the
implementation process (the reporting rounds and whether the forum discussed them), and per
published commitment its identifier, title, organisations, final completion, each milestone's
status with the action holder's explanation and evidence, and the overall figures.
``render_assessment(plan, language)`` renders the body (``implementation/self_assessment.html``,
plain semantic HTML: headings, a table of contents and an anchor per commitment), the same for the
page and the PDF. ``self_assessment_publish`` freezes that HTML into ``SelfAssessment`` rows, one
per language, and has the PDFs made; later reports never change a published self-assessment.

Only accepted reports count: a milestone's status is its latest accepted report (by date of the
report). The document names organisations, never the people who reported.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from core import clock
from core.i18n import localized_value
from implementation.models import Completion, ProgressReport, ReportingRound, SelfAssessment
from plans.models import ActionPlan
from publication.documents import DocumentRow, Kind, source

LANGUAGES = ("en", "nl")  # English for OGP first, then the Dutch public version

# --- Stand-in for ``implementation.progress`` ----------------------------------------------------
# The "progress" part owns the rule "a milestone's status is its latest accepted report; a
# commitment's completion follows from its milestones". Until it is merged, these two functions
# hold that rule here; the coordinator may replace them by calls to ``implementation.progress``.

# OGP's completion scale as a score, to combine milestones into a commitment's completion.
_SCORE = {Completion.NOT_STARTED: 0, Completion.LIMITED: 1, Completion.SUBSTANTIAL: 2, Completion.COMPLETED: 3}


def local_latest_accepted(reports) -> ProgressReport | None:
    """The milestone's status report: its latest accepted report (by report date, then entry)."""
    accepted = [r for r in reports if r.review == ProgressReport.Review.ACCEPTED]
    return max(accepted, key=lambda r: (r.reported_on, r.pk), default=None)


def local_commitment_completion(statuses: list[str]) -> str:
    """A commitment's completion from its milestones' statuses ("" = nothing reported): withdrawn
    milestones do not count; all withdrawn is withdrawn; otherwise the mean on OGP's scale, where
    "completed" needs every milestone completed and "not started" needs none begun."""
    counted = [_SCORE.get(s, 0) for s in statuses if s != Completion.WITHDRAWN]
    if not counted:
        return Completion.WITHDRAWN if statuses else Completion.NOT_STARTED
    mean = sum(counted) / len(counted)
    if mean == 0:
        return Completion.NOT_STARTED
    if mean == 3:
        return Completion.COMPLETED
    return Completion.LIMITED if mean < 1.5 else Completion.SUBSTANTIAL


# --- The document ---------------------------------------------------------------------------------


@dataclasses.dataclass
class EvidenceItem:
    title: str
    url: str  # a link, or the commitment's page where its documents are
    is_document: bool


@dataclasses.dataclass
class MilestoneRow:
    position: int
    description: str
    ends_on: datetime.date | None
    completion: str  # "" when nothing accepted yet
    completion_label: str
    reported_on: datetime.date | None
    explanation: str
    explanation_language: str  # the language the explanation is written in
    evidence: list


@dataclasses.dataclass
class CommitmentRow:
    identifier: str
    title: str
    lead: str
    supporting: list
    themes: list
    completion: str
    completion_label: str
    last_reported_on: datetime.date | None
    milestones: list
    url: str


def _completion_label(value: str) -> str:
    return str(Completion(value).label) if value else _("No accepted report yet")


def _commitments(plan):
    reports = ProgressReport.objects.accepted().prefetch_related("evidence")
    milestones = Milestone.objects.select_related("responsible_organisation").prefetch_related(
        Prefetch("progress_reports", queryset=reports, to_attr="accepted_reports")
    )
    return (
        Commitment.objects.filter(plan=plan, status=Commitment.Status.PUBLISHED)
        .select_related("lead_organisation")
        .prefetch_related(
            "supporting_organisations", "themes", Prefetch("milestones", queryset=milestones.order_by("position"))
        )
        .order_by("sequence")
    )


def _milestone_row(milestone, language, commitment_url) -> MilestoneRow:
    report = local_latest_accepted(milestone.accepted_reports)
    explanation, written_in, evidence = "", language, []
    if report is not None:
        explanation = getattr(report, f"explanation_{language}", "") or report.explanation_nl
        written_in = language if getattr(report, f"explanation_{language}", "") else "nl"
        for item in report.evidence.all():
            is_document = not item.url
            evidence.append(EvidenceItem(item.title, item.url or commitment_url, is_document))
    completion = report.completion if report else ""
    return MilestoneRow(
        position=milestone.position,
        description=localized_value(milestone, "description", language),
        ends_on=milestone.ends_on,
        completion=completion,
        completion_label=_completion_label(completion),
        reported_on=report.reported_on if report else None,
        explanation=explanation,
        explanation_language=written_in,
        evidence=evidence,
    )


def _commitment_row(commitment, language) -> CommitmentRow:
    url = commitment.get_absolute_url()
    rows = [_milestone_row(m, language, url) for m in commitment.milestones.all()]
    reported = [r for r in rows if r.completion]
    completion = local_commitment_completion([r.completion for r in reported]) if reported else ""
    return CommitmentRow(
        identifier=commitment.identifier,
        title=localized_value(commitment, "title", language),
        lead=str(commitment.lead_organisation),
        supporting=sorted(str(o) for o in commitment.supporting_organisations.all()),
        themes=sorted(localized_value(t, "name", language) for t in commitment.themes.all()),
        completion=completion,
        completion_label=_completion_label(completion),
        last_reported_on=max((r.reported_on for r in reported), default=None),
        milestones=rows,
        url=url,
    )


def _figures(rows: list[CommitmentRow]) -> list[dict]:
    """Per completion level: how many commitments and milestones are at it (numbers, not colour)."""
    levels = [*Completion.values, ""]
    commitments = len(rows) or 1
    figures = []
    for level in levels:
        n = sum(1 for r in rows if r.completion == level)
        m = sum(1 for r in rows for ms in r.milestones if ms.completion == level)
        if level == "" and not n and not m:
            continue
        figures.append(
            {
                "level": level or "none",
                "label": _completion_label(level),
                "commitments": n,
                "percent": round(100 * n / commitments),
                "milestones": m,
            }
        )
    return figures


def assessment_context(plan: ActionPlan, language: str, *, as_of: datetime.date | None = None) -> dict:
    """Everything the self-assessment shows, in ``language``, compiled on ``as_of`` (today by
    default; the publication date when it is published). Costs a fixed number of queries."""
    with translation.override(language):
        rows = [_commitment_row(c, language) for c in _commitments(plan)]
        rounds = list(
            ReportingRound.objects.filter(plan=plan).select_related("forum_meeting").order_by("opens_on", "pk")
        )
        round_rows = [
            {
                "title": localized_value(r, "title", language),
                "opens_on": r.opens_on,
                "deadline": r.deadline,
                "forum_meeting": localized_value(r.forum_meeting, "title", language) if r.forum_meeting else "",
            }
            for r in rounds
        ]
        leads = sorted({r.lead for r in rows})
        return {
            "plan": plan,
            "language": language,
            "plan_title": localized_value(plan, "title", language),
            "plan_summary": localized_value(plan, "summary", language),
            "commitments": rows,
            "rounds": round_rows,
            "leads": leads,
            "figures": _figures(rows),
            "completed": sum(1 for r in rows if r.completion == Completion.COMPLETED),
            "milestone_count": sum(len(r.milestones) for r in rows),
            "compiled_on": as_of or clock.today(),
        }


def title_for(plan: ActionPlan, language: str) -> str:
    with translation.override(language):
        return _("End-of-term self-assessment: %(plan)s") % {"plan": localized_value(plan, "title", language)}


def render_assessment(plan: ActionPlan, language: str, *, as_of: datetime.date | None = None) -> str:
    """The body of the self-assessment (HTML without page chrome), in ``language``."""
    context = assessment_context(plan, language, as_of=as_of)
    with translation.override(language):
        context["title"] = title_for(plan, language)
        return render_to_string("implementation/self_assessment.html", context)


def blockers(plan: ActionPlan) -> list[str]:
    """Why the self-assessment cannot be published yet (empty when it can)."""
    problems = []
    if plan.status != ActionPlan.Status.PUBLIC:
        problems.append(_("The plan is not public."))
    if not Commitment.objects.filter(plan=plan, status=Commitment.Status.PUBLISHED).exists():
        problems.append(_("The plan has no published commitments."))
    return problems


def enqueue_pdf(instance):
    # Through the module, so that the coordinator's real task (``publication.tasks``) is used.
    from publication import tasks

    tasks.enqueue_pdf(instance)


@transaction.atomic
def self_assessment_publish(*, plan: ActionPlan, published_on: datetime.date, actor) -> list[SelfAssessment]:
    """Freeze the self-assessment of ``plan`` in English and Dutch, and have their PDFs made
    (after commit). Raises ValidationError when something blocks it or the date is before the
    plan's term."""
    problems = blockers(plan)
    if published_on < plan.term_start:
        problems.append(_("The publication date cannot be before the plan's term starts."))
    if problems:
        raise ValidationError(problems)
    # Lock the plan: two staff members pressing "publish" at once make two sets, never a mix.
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    made = []
    for language in LANGUAGES:
        made.append(
            SelfAssessment.objects.create(
                plan=plan,
                language=language,
                title=title_for(plan, language),
                html=render_assessment(plan, language, as_of=published_on),
                published_on=published_on,
                published_by=actor,
            )
        )
    for assessment in made:
        enqueue_pdf(assessment)
    return made


def is_public(assessment: SelfAssessment, today: datetime.date | None = None) -> bool:
    today = today or clock.today()
    return assessment.plan.status == ActionPlan.Status.PUBLIC and assessment.published_on <= today


# --- In the document repository -------------------------------------------------------------------


@source
def self_assessments(plans):
    """Each published self-assessment: its page (HTML) and, once made, its PDF."""
    queryset = SelfAssessment.objects.filter(plan__in=plans).select_related("plan").defer("html")
    for assessment in queryset:
        kwargs = {"slug": assessment.plan.slug, "pk": assessment.pk}
        yield DocumentRow(
            key=f"self-assessment-{assessment.pk}",
            plan=assessment.plan,
            kind=Kind.SELF_ASSESSMENT,
            title=assessment.title,
            language=assessment.language,
            published_on=assessment.published_on,
            url=reverse("implementation_assessment:detail", kwargs=kwargs),
            format="HTML",
        )
        if assessment.pdf_status == SelfAssessment.PdfStatus.DONE:
            yield DocumentRow(
                key=f"self-assessment-{assessment.pk}-pdf",
                plan=assessment.plan,
                kind=Kind.SELF_ASSESSMENT,
                title=assessment.title,
                language=assessment.language,
                published_on=assessment.published_on,
                url=reverse("implementation_assessment:pdf", kwargs=kwargs),
                format="PDF",
            )
