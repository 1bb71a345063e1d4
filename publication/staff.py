"""Publication's parts of the staff dashboard (``plans.staff_dashboard``)."""

from plans.staff_dashboard import register_chart

# --- charts (issue 14, point 8) ---
from publication.charts import render_charts  # noqa: E402


@register_chart
def dashboard_charts(request, plans) -> list[str]:
    # Everyone who may open /staff/ sees the figures (the dashboard's own permission): they show
    # counts only, no contribution or person.
    return render_charts(plans)


# --- end charts ---
