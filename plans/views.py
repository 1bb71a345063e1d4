from django.shortcuts import get_object_or_404, render

from core.permissions import permission_required
from plans import home as home_registry
from plans.models import ActionPlan, Phase
from plans.selectors import plan_current, plan_timeline


def home(request):
    """What this is, where the current plan stands, what a visitor can do now (the actions the
    apps registered for the current phases, see plans/home.py) and what is coming up."""
    plan = plan_current()
    timeline = plan_timeline(plan=plan) if plan else None
    return render(
        request,
        "plans/home.html",
        {
            "plan": plan,
            "timeline": timeline,
            "cards": home_registry.cards(timeline=timeline, user=request.user),
            "sections": home_registry.sections(request=request, plan=plan) if plan else [],
            "top_sections": home_registry.sections(request=request, plan=plan, place=home_registry.TOP) if plan else [],
        },
    )


def plan_list(request):
    plans = ActionPlan.objects.public().with_span().order_by("-number")
    return render(request, "plans/plan_list.html", {"plans": plans})


@permission_required("plans.read_plan", lambda request, slug: get_object_or_404(ActionPlan, slug=slug))
def plan_detail(request, slug, obj):
    """The plan's process page: the timeline, how to take part, what comes next; once the plan is
    published, its published documents first (a section the publication app registers)."""
    # The "follow this plan" form is notifications' own ({% follow_plan_form %}): plans sits below it.
    timeline = plan_timeline(plan=obj)
    # A call to action stays while its phase is open or still to come (or the plan has no such phase).
    closed = {p.kind for p in timeline.phases if p.status == Phase.Status.PAST}
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": obj,
            "timeline": timeline,
            "sections": home_registry.sections(request=request, plan=obj, place=home_registry.PLAN_PAGE),
            "input_open": Phase.Kind.CALL_FOR_INPUT not in closed,
            "sessions_open": Phase.Kind.SESSIONS not in closed,
        },
    )
