"""Open data of progress: every accepted progress report on a milestone of a published commitment
of a public plan, with its evidence. Registered as a file of the data package
(``publication.open_data.register``, from ImplementationConfig.ready). No personal data: who wrote
or checked a report is left out; organisations are not persons."""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from implementation.models import Completion, Evidence, ProgressReport
from publication.open_data import LIST_NOTE, DataFile, Field, _bilingual

PROGRESS_FIELDS = [
    Field("id", "integer", "Number of the progress report on this platform."),
    Field("commitment", "string", "Identifier of the commitment (see commitments.csv)."),
    Field("commitment_url", "string", "The commitment's page on this platform.", format="uri"),
    Field("milestone_position", "integer", "Order of the milestone within its commitment (see milestones.csv)."),
    *_bilingual("milestone", "Description of the milestone"),
    Field(
        "status",
        "string",
        "The milestone's status on OGP's completion scale, or withdrawn.",
        enum=tuple(value for value, _label in Completion.choices),
    ),  # fmt: skip
    *_bilingual("explanation", "The action holder's explanation of the status"),
    Field("reported_on", "date", "The day the status applies to (ISO 8601)."),
    Field("accepted_at", "datetime", "When staff accepted the report (ISO 8601)."),
    *_bilingual("round", "Title of the reporting round the report answers, if any"),
    Field("lead_organisation", "string", "Name of the organisation that leads the commitment and reported."),
    Field("evidence", "string", "Web addresses of the evidence: links and documents." + LIST_NOTE),
]

DATA_FILE = DataFile(
    name="progress",
    title="Progress reports",
    description=(
        "Every accepted progress report on a milestone of a published commitment: status on OGP's completion "
        "scale, explanation in Dutch and English, date and evidence."
    ),
    page_title=_("Progress reports"),
    page_description=_(
        "Every accepted progress report on a milestone of a published commitment: its status on OGP's "
        "completion scale, the action holder's explanation, the date and the evidence."
    ),
    fields=PROGRESS_FIELDS,
    primary_key=("id",),
    csv_url_name="implementation_progress:progress_csv",
    json_url_name="implementation_progress:progress_json",
    foreign_keys=({"fields": "commitment", "reference": {"resource": "commitments", "fields": "identifier"}},),
)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def public_reports():
    """Accepted reports of public commitments with their evidence (two queries)."""
    return (
        ProgressReport.objects.accepted()
        .filter(milestone__commitment__in=Commitment.objects.public())
        .select_related("milestone__commitment__lead_organisation", "round")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-milestone__commitment__plan__number", "milestone__commitment__sequence", "milestone__position",
                  "milestone_id", "reported_on", "pk")
    )  # fmt: skip


def evidence_url(evidence: Evidence) -> str:
    if evidence.url:
        return evidence.url
    return _absolute(reverse("implementation_progress:progress_evidence", args=[evidence.pk]))


def progress_rows():
    for report in public_reports().iterator(chunk_size=500):
        milestone = report.milestone
        commitment = milestone.commitment
        yield {
            "id": report.pk,
            "commitment": commitment.identifier,
            "commitment_url": _absolute(commitment.get_absolute_url()),
            "milestone_position": milestone.position,
            "milestone_nl": milestone.description_nl,
            "milestone_en": milestone.description_en,
            "status": report.completion,
            "explanation_nl": report.explanation_nl,
            "explanation_en": report.explanation_en,
            "reported_on": report.reported_on.isoformat(),
            "accepted_at": report.reviewed_at.isoformat() if report.reviewed_at else None,
            "round_nl": report.round.title_nl if report.round else None,
            "round_en": report.round.title_en if report.round else None,
            "lead_organisation": commitment.lead_organisation.name,
            "evidence": [evidence_url(e) for e in report.evidence.all()],
        }
