"""The forum's part of the staff dashboard (``plans.staff_dashboard``): forums that do not keep the
OGP meeting rhythm (at least every six months). One query for all plans."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import clock
from core.i18n import localized_value
from plans.staff_dashboard import Item, register
from stakeholders.models import Meeting
from stakeholders.selectors import rhythm


@register
def forum_rhythm(request, plans) -> list[Item]:
    if not request.user.has_perm("stakeholders.manage_forum"):
        return []
    today = clock.today()
    by_plan: dict[int, list[Meeting]] = {}
    for meeting in Meeting.objects.filter(plan__in=[plan.pk for plan in plans]):
        by_plan.setdefault(meeting.plan_id, []).append(meeting)
    items = []
    for plan in plans:
        # Only forums that have met, of plans not yet over: a new plan's forum starts with its first meeting.
        if plan.pk not in by_plan or today > plan.term_end:
            continue
        state = rhythm(plan, by_plan[plan.pk], today)
        if state.holds:
            continue
        label = _("Stakeholder forum of %(plan)s: %(problem)s Next meeting due by %(date)s.") % {
            "plan": localized_value(plan, "title"),
            "problem": state.problem,
            "date": date_format(state.due, "j F Y") if state.due else _("as soon as possible"),
        }
        items.append(Item(label, 1, reverse("stakeholders:staff_plan", kwargs={"slug": plan.slug})))
    return items
