"""Staff pages of the OGP minimum-requirements check (``publication.check``)."""

from django.shortcuts import get_object_or_404, render

from core import clock
from core.permissions import permission_required
from plans.models import ActionPlan
from publication import check

VIEW = "publication.view_ogp_check"


def _plan(request, slug):
    return get_object_or_404(ActionPlan, slug=slug)


@permission_required(VIEW)
def index(request):
    plans = list(ActionPlan.objects.order_by("-number"))
    today = clock.today()
    results = check.evaluate_plans(plans, today=today)
    rows = [(plan, check.unmet(results[plan.pk])) for plan in plans]
    return render(request, "publication/check/index.html", {"rows": rows, "today": today})


@permission_required(VIEW, _plan)
def plan_check(request, slug, obj):
    today = clock.today()
    requirements = check.evaluate(obj, today=today)
    return render(
        request,
        "publication/check/plan.html",
        {"plan": obj, "requirements": requirements, "unmet": check.unmet(requirements), "today": today},
    )
