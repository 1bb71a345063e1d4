"""The progress section of "my activity" (accounts.activity): for action holders, the published
commitments their organisations lead, to report their progress on."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from commitments.models import Commitment
from plans.roles import is_action_holder


def _to_report_on(user) -> dict | None:
    if not is_action_holder(user):
        return None
    commitments = list(
        Commitment.objects.published()
        .filter(lead_organisation__memberships__user=user)
        .select_related("plan")
        .distinct()
        .order_by("-plan__number", "sequence")
    )
    return {"commitments": commitments}


register("progress", title=_("Commitments to report progress on"), template="implementation/progress/_activity.html",
         context=_to_report_on)  # fmt: skip
