"""The progress section of a published commitment's page (commitments.detail_sections): its
milestones as a timeline with their status and the history of accepted reports with evidence."""

from commitments.models import Commitment
from implementation.progress import commitment_progress


def commitment_section(request, commitment) -> dict | None:
    if commitment.status != Commitment.Status.PUBLISHED:
        return None
    progress = commitment_progress(commitment)
    # The permission depends on the commitment (its lead organisation, its status), not on which milestone.
    first = progress.milestones[0].milestone if progress.milestones else None
    can_report = first is not None and request.user.has_perm("implementation.report_progress", first)
    return {"progress": progress, "can_report": can_report}
