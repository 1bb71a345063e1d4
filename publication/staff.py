"""Publication's parts of the staff dashboard (``plans.staff_dashboard``): the OGP check's line
per plan under way (how many minimum requirements are not met, a fixed number of queries for all
plans: ``publication.check.evaluate_plans``), and the charts of the newest plan."""

from django.urls import reverse
from django.utils.translation import ngettext

from core import clock
from core.i18n import localized_value
from plans.models import ActionPlan
from plans.staff_dashboard import Item, register, register_chart
from publication import check
from publication.charts import render_charts


@register
def ogp_check(request, plans) -> list[Item]:
    if not request.user.has_perm("publication.view_ogp_check"):
        return []
    today = clock.today()
    # Public plans not yet over: a draft is still being prepared, and a finished plan is history.
    judged = [plan for plan in plans if plan.status == ActionPlan.Status.PUBLIC and today <= plan.term_end]
    results = check.evaluate_plans(judged, today=today)
    items = []
    for plan in judged:
        n = check.unmet(results[plan.pk])
        label = ngettext(
            "OGP check of %(plan)s: %(n)d minimum requirement not met",
            "OGP check of %(plan)s: %(n)d minimum requirements not met",
            n,
        ) % {"plan": localized_value(plan, "title"), "n": n}
        items.append(Item(label, n, reverse("publication_check:plan", kwargs={"slug": plan.slug})))
    return items


@register_chart
def dashboard_charts(request, plans) -> list[str]:
    # Everyone who may open /staff/ sees the figures (the dashboard's own permission): they show
    # counts only, no contribution or person.
    return render_charts(plans)
