"""The progress section of a published commitment's page (commitments.detail_sections): its
milestones as a timeline with their status and the history of accepted reports with evidence."""

from commitments.models import Commitment
from implementation.progress import commitment_progress


def commitment_section(request, commitment) -> dict | None:
    if commitment.status != Commitment.Status.PUBLISHED:
        return None
    progress = commitment_progress(commitment)
    can_report = (
        request.user.has_perm("implementation.report_progress", progress.milestones[0].milestone)
        if (progress.milestones)
        else False
    )
    return {"progress": progress, "can_report": can_report}
