"""The implementation app's part of the home page (see plans/home.py)."""

from django.utils.translation import gettext_lazy as _

from plans.home import PLAN_PAGE, register_action, register_section
from plans.models import Phase
from plans.roles import is_action_holder

K = Phase.Kind
# progress: the public progress of the plan, and the action holders' reports.
register_action(K.IMPLEMENTATION, _("See how far the commitments are"), "implementation_progress:progress_plan",
                with_plan=True, order=5)  # fmt: skip
register_action(K.IMPLEMENTATION, _("Report progress on your commitments"), "implementation_progress:progress_mine",
                audience=is_action_holder, primary=False, order=6)  # fmt: skip


# The plan's own page during its term: the ways into its implementation (progress, reporting
# rounds, and the refresh once it has started).
def _implementation(*, request, plan) -> dict:
    from core import clock
    from implementation.models import Refresh
    from plans.models import ActionPlan

    today = clock.today()
    if plan.status != ActionPlan.Status.PUBLIC or not (plan.term_start <= today <= plan.term_end):
        return {}
    return {"plan": plan, "has_refresh": Refresh.objects.filter(plan=plan).exists()}


register_section(
    "implementation_plan_page",
    title=_("Implementation of the plan"),
    template="implementation/_plan_page_section.html",
    context=_implementation,
    order=20,
    place=PLAN_PAGE,
)
