"""State changes of the implementation app. Each runs in one transaction and writes its emails into
the outbox in the same transaction: a failure leaves nothing half written."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from core import clock
from implementation.models import Completion, Evidence, ProgressReport, ReportingRound
from implementation.progress import latest_status
from notifications.services import Outgoing, messages_enqueue

# --- progress (issue 15, points 1 and 2) ---------------------------------------------------------


class ReportRefused(Exception):
    """The report cannot be made or checked in the current state; ``str()`` says why."""


@dataclass(frozen=True)
class LinkEvidence:
    title: str
    url: str


@dataclass(frozen=True)
class DocumentEvidence:
    title: str
    file: object  # an UploadedFile, already checked (core.files)


@transaction.atomic
def submit_report(
    *,
    milestone: Milestone,
    author,
    completion: str,
    explanation_nl: str,
    explanation_en: str = "",
    reported_on: datetime.date,
    reporting_round: ReportingRound | None = None,
    evidence: list[LinkEvidence | DocumentEvidence] = (),
) -> ProgressReport:
    """A member of the lead organisation reports a milestone's status: a new dated row (the
    history is kept) waiting for a check, with its evidence. The form checks the input with
    messages per field; this checks the state again under a lock of the milestone, so that two
    reports at once cannot both pass the "not withdrawn" check."""
    milestone = (
        Milestone.objects.select_for_update(of=("self",)).select_related("commitment__plan").get(pk=milestone.pk)
    )
    commitment = milestone.commitment
    if commitment.status != Commitment.Status.PUBLISHED:
        raise ReportRefused(_("Progress can only be reported on a published commitment."))
    if latest_status(milestone) == Completion.WITHDRAWN:
        raise ReportRefused(_("This milestone has been withdrawn: it takes no more reports."))
    if reported_on > clock.today() or reported_on < commitment.plan.term_start:
        raise ReportRefused(_("The date of the report must lie in the plan's term and not in the future."))
    if reporting_round is not None and reporting_round.plan_id != commitment.plan_id:
        raise ReportRefused(_("This reporting round belongs to another plan."))
    if completion == Completion.WITHDRAWN and not explanation_nl.strip():
        raise ReportRefused(_("Give the reason why the milestone is withdrawn."))
    report = ProgressReport.objects.create(
        milestone=milestone,
        round=reporting_round,
        completion=completion,
        explanation_nl=explanation_nl,
        explanation_en=explanation_en,
        reported_on=reported_on,
        author=author,
    )
    for item in evidence:
        if isinstance(item, LinkEvidence):
            Evidence.objects.create(report=report, title=item.title, url=item.url)
        else:
            Evidence.objects.create(report=report, title=item.title, file=item.file)
    return report


def _locked_for_check(report: ProgressReport) -> ProgressReport:
    # Lock only the report's own row: the author is an outer join, which FOR UPDATE cannot lock.
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("milestone__commitment__plan", "author")
        .get(pk=report.pk)
    )
    if report.review != ProgressReport.Review.SUBMITTED:
        raise ReportRefused(_("This report has already been checked."))
    return report


def _mail_author(report: ProgressReport, *, kind: str) -> None:
    author = report.author
    if author is None or not author.email:
        return
    messages_enqueue(
        [
            Outgoing(
                key=f"{kind}:{report.pk}",
                kind=kind,
                to_email=author.email,
                template=f"implementation/email/{kind.replace('-', '_')}",
                context={"report": report, "milestone": report.milestone, "commitment": report.milestone.commitment},
                recipient=author,
                language=author.language,
                plan=report.milestone.commitment.plan,
            )
        ]
    )


@transaction.atomic
def accept_report(*, report: ProgressReport, actor) -> ProgressReport:
    """A process owner accepts a report: it becomes public and, if it is the newest, the
    milestone's status. The author is told."""
    report = _locked_for_check(report)
    report.review = ProgressReport.Review.ACCEPTED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.return_reason = ""
    report.save(update_fields=["review", "reviewed_by", "reviewed_at", "return_reason"])
    _mail_author(report, kind="progress-accepted")
    return report


@transaction.atomic
def return_report(*, report: ProgressReport, actor, reason: str) -> ProgressReport:
    """A process owner sends a report back with a reason: it stays out of public view, and the
    author is told why (and can report again)."""
    if not reason.strip():
        raise ReportRefused(_("Say why the report is sent back."))
    report = _locked_for_check(report)
    report.review = ProgressReport.Review.RETURNED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.return_reason = reason.strip()
    report.save(update_fields=["review", "reviewed_by", "reviewed_at", "return_reason"])
    _mail_author(report, kind="progress-returned")
    return report


# --- end of progress -----------------------------------------------------------------------------
