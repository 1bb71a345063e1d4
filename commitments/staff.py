"""The commitments' part of the staff dashboard (``plans.staff_dashboard``): drafts still open
after their plan's drafting deadline. One query."""

from django.urls import reverse
from django.utils.translation import ngettext

from commitments.models import Commitment
from commitments.selectors import late_drafts
from plans.staff_dashboard import Item, register


@register
def late_commitments(request, plans) -> list[Item]:
    if not request.user.has_perm("commitments.chase_late_drafts"):
        return []
    n = Commitment.objects.filter(late_drafts(), plan__in=[plan.pk for plan in plans]).count()
    label = ngettext(
        "%(n)d commitment still in draft after the drafting deadline",
        "%(n)d commitments still in draft after the drafting deadline",
        n,
    ) % {"n": n}
    return [Item(label, n, reverse("commitments:staff_overview") + "?late=1")]
