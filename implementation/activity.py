"""The progress section of "my activity" (accounts.activity): for action holders, the published
commitments their organisations lead, to report their progress on."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from commitments.models import Commitment


def _to_report_on(user) -> dict | None:
    if not user.is_authenticated:
        return None
    commitments = list(
        Commitment.objects.published()
        .filter(lead_organisation__memberships__user=user)
        .select_related("plan")
        .distinct()
        .order_by("-plan__number", "sequence")
    )
    # Shown only to action holders with something to report on (one query).
    return {"commitments": commitments} if commitments else None


register("progress", title=_("Commitments to report progress on"), template="implementation/progress/_activity.html",
         context=_to_report_on)  # fmt: skip
