"""The refresh's part of the staff dashboard (``plans.staff_dashboard``; registered by
ImplementationConfig.ready, as implementation's ``staff.py`` is shared by its parts): a refresh
on the timeline that has not been started yet, and amendments waiting in forum review. One query."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import clock
from core.i18n import localized_value
from implementation.models import Amendment, Refresh
from plans.models import ActionPlan, Phase
from plans.staff_dashboard import Item, register

# A refresh on the timeline shows up this long before its phase starts.
NOTICE = datetime.timedelta(days=30)


@register
def refresh_work(request, plans) -> list[Item]:
    if not request.user.has_perm("implementation.start_refresh"):
        return []
    today = clock.today()
    phases = (
        Phase.objects.filter(
            plan__in=[p.pk for p in plans], kind=Phase.Kind.REFRESH, plan__status=ActionPlan.Status.PUBLIC
        )
        .select_related("plan")
        .annotate(
            started=Exists(Refresh.objects.filter(phase=OuterRef("pk"))),
            in_review=Count("refresh__amendments", filter=Q(refresh__amendments__status=Amendment.Status.IN_REVIEW)),
        )
    )
    items = []
    for phase in phases:
        plan = phase.plan
        title = localized_value(plan, "title")
        if not phase.started and phase.starts_on - NOTICE <= today <= plan.term_end:
            label = _("Refresh of %(plan)s: not started yet") % {"plan": title}
            items.append(Item(label, 1, reverse("implementation_refresh:start", kwargs={"slug": plan.slug})))
        if phase.in_review:
            label = ngettext(
                "Refresh of %(plan)s: %(n)d amendment in forum review",
                "Refresh of %(plan)s: %(n)d amendments in forum review",
                phase.in_review,
            ) % {"plan": title, "n": phase.in_review}
            url = reverse("implementation_refresh:detail", kwargs={"slug": plan.slug})
            items.append(Item(label, phase.in_review, url))
    return items
