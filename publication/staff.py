"""Publication's parts of the staff dashboard (``plans.staff_dashboard``): the OGP check's line
per plan under way (how many minimum requirements are not met, a fixed number of queries for all
plans: ``publication.check.evaluate_plans``), the PDFs of published versions that failed or are
still waiting (one query for all plans), and the charts of the newest plan."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from core import clock
from core.i18n import localized_value
from plans.models import ActionPlan
from plans.staff_dashboard import Item, register, register_chart
from publication import check
from publication.charts import render_charts
from publication.models import VersionDocument


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


@register
def version_pdfs(request, plans) -> list[Item]:
    """Per plan, the PDFs of its published versions that could not be made (staff try again on the
    publish page) and those still waiting for a worker or being made."""
    if not plans or not request.user.has_perm("publication.publish_version"):
        return []
    Status = VersionDocument.PdfStatus
    rows = (
        VersionDocument.objects.filter(
            version__plan__in=plans, pdf_status__in=[Status.FAILED, Status.PENDING, Status.RENDERING]
        )
        .values_list("version__plan", "pdf_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    failed, waiting = {}, {}
    for plan_id, status, n in rows:
        counts = failed if status == Status.FAILED else waiting
        counts[plan_id] = counts.get(plan_id, 0) + n
    items = []
    for plan in plans:
        url = reverse("publication_versions:staff_publish", kwargs={"slug": plan.slug})
        title = localized_value(plan, "title")
        if n := failed.get(plan.pk):
            label = ngettext(
                "%(plan)s: %(n)d PDF of a published version could not be made",
                "%(plan)s: %(n)d PDFs of published versions could not be made",
                n,
            ) % {"plan": title, "n": n}
            items.append(Item(label, n, url))
        if n := waiting.get(plan.pk):
            label = ngettext(
                "%(plan)s: %(n)d PDF of a published version is still waiting to be made",
                "%(plan)s: %(n)d PDFs of published versions are still waiting to be made",
                n,
            ) % {"plan": title, "n": n}
            items.append(Item(label, n, url))
    return items


@register_chart
def dashboard_charts(request, plans) -> list[str]:
    # Everyone who may open /staff/ sees the figures (the dashboard's own permission): they show
    # counts only, no contribution or person.
    return render_charts(plans)
