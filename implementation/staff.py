"""Implementation's parts of the staff dashboard (``plans.staff_dashboard``).

rounds: per open reporting round, how many commitments' reports are not in yet (counted by
``implementation.rounds.round_statuses``); and per public plan in its implementation term with
published commitments, a nudge when no round has opened in the last six months. A fixed number of
queries for all plans."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import Commitment
from core import clock
from core.dates import show_date
from core.i18n import localized_value
from implementation.models import ProgressReport, ReportingRound
from implementation.rounds import round_statuses, staff_round_url
from plans.models import ActionPlan
from plans.staff_dashboard import Item, register

# --- rounds ---

ROUND_RHYTHM = datetime.timedelta(days=183)  # OGP: progress at least every six months


@register
def reporting_rounds(request, plans) -> list[Item]:
    if not request.user.has_perm("implementation.view_rounds_staff"):
        return []
    today = clock.today()
    plan_ids = [plan.pk for plan in plans]
    rounds = list(ReportingRound.objects.filter(plan_id__in=plan_ids).select_related("plan").order_by("opens_on"))
    items = []
    current = [r for r in rounds if r.opens_on <= today <= r.deadline]
    statuses = round_statuses(current)
    for reporting_round in current:
        status = statuses[reporting_round.pk]
        label = ngettext(
            "Reporting round “%(round)s” (deadline %(deadline)s): %(n)d of %(total)d report not in yet",
            "Reporting round “%(round)s” (deadline %(deadline)s): %(n)d of %(total)d reports not in yet",
            status.total,
        ) % {
            "round": localized_value(reporting_round, "title"),
            "deadline": show_date(reporting_round.deadline),
            "n": status.reports_missing,
            "total": status.total,
        }
        items.append(Item(label, status.reports_missing, staff_round_url(reporting_round)))
    with_commitments = set(
        Commitment.objects.published().filter(plan_id__in=plan_ids).values_list("plan_id", flat=True).distinct()
    )
    for plan in plans:
        implementing = plan.status == ActionPlan.Status.PUBLIC and plan.term_start <= today <= plan.term_end
        if not implementing or plan.pk not in with_commitments:
            continue
        recent = [r for r in rounds if r.plan_id == plan.pk and r.opens_on > today - ROUND_RHYTHM]
        if recent:
            continue
        label = _("%(plan)s: no reporting round opened in the last six months.") % {
            "plan": localized_value(plan, "title")
        }
        items.append(Item(label, 1, reverse("implementation_rounds:staff_list", kwargs={"slug": plan.slug})))
    return items


# --- progress: reports waiting for a check ---


@register
def progress_checks(request, plans) -> list[Item]:
    """Progress reports of these plans waiting for a process owner's check (one query)."""
    if not request.user.has_perm("implementation.view_progress_checks"):
        return []
    waiting = ProgressReport.objects.filter(
        review=ProgressReport.Review.SUBMITTED, milestone__commitment__plan__in=[plan.pk for plan in plans]
    ).count()
    if not waiting:
        return []
    label = ngettext(
        "%(n)d progress report waiting for a check",
        "%(n)d progress reports waiting for a check",
        waiting,
    ) % {"n": waiting}
    return [Item(label, waiting, reverse("implementation_progress:progress_checks"))]
