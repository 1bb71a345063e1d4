from django.shortcuts import get_object_or_404, render

from core.permissions import permission_required
from plans.models import ActionPlan
from plans.selectors import plan_timeline


def plan_list(request):
    plans = ActionPlan.objects.public().with_span().order_by("-number")
    return render(request, "plans/plan_list.html", {"plans": plans})


@permission_required("plans.read_plan", lambda request, slug: get_object_or_404(ActionPlan, slug=slug))
def plan_detail(request, slug, obj):
    """The plan's process page: the timeline, how to take part, what comes next."""
    # The "follow this plan" form is notifications' own ({% follow_plan_form %}): plans sits below it.
    return render(request, "plans/plan_detail.html", {"plan": obj, "timeline": plan_timeline(plan=obj)})
