"""The self-assessment's line on the staff dashboard (``plans.staff_dashboard``): for process
owners, each public plan whose term ends within three months, or ended less than a year ago, and
has no published self-assessment yet. No query at all when no plan is in that window."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core import clock
from core.i18n import localized_value
from plans.models import ActionPlan
from plans.staff_dashboard import Item, register

DUE_BEFORE_END = datetime.timedelta(days=92)
DUE_AFTER_END = datetime.timedelta(days=365)


@register
def self_assessment_due(request, plans) -> list[Item]:
    if not request.user.has_perm("implementation.publish_self_assessment"):
        return []
    today = clock.today()
    due = [
        plan
        for plan in plans
        if plan.status == ActionPlan.Status.PUBLIC
        and plan.term_end - DUE_BEFORE_END <= today <= plan.term_end + DUE_AFTER_END
    ]
    if not due:
        return []
    from implementation.models import SelfAssessment

    done = set(SelfAssessment.objects.filter(plan__in=due).values_list("plan_id", flat=True))
    return [
        Item(
            _("End-of-term self-assessment of %(plan)s: not published yet") % {"plan": localized_value(plan, "title")},
            1,
            reverse("implementation_assessment:staff", kwargs={"slug": plan.slug}),
        )
        for plan in due
        if plan.pk not in done
    ]
