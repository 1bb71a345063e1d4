"""The contributions' part of the staff dashboard (``plans.staff_dashboard``): what waits for
moderation, what is published without an answer, what was reported. One query for all three."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from ideas.models import Idea
from plans.staff_dashboard import Item, register

NEW = Q(status=Idea.Status.NEW)
UNANSWERED = Q(status=Idea.Status.PUBLISHED, outcome="")  # as the answers page lists them
REPORTED = Q(status=Idea.Status.PUBLISHED, needs_review=True)  # as the queue lists them


@register
def contributions(request, plans) -> list[Item]:
    user = request.user
    moderates, responds = user.has_perm("ideas.moderate"), user.has_perm("ideas.respond")
    if not (moderates or responds):
        return []
    counts = Idea.objects.filter(plan__in=[plan.pk for plan in plans]).aggregate(
        new=Count("pk", filter=NEW), unanswered=Count("pk", filter=UNANSWERED), reported=Count("pk", filter=REPORTED)
    )
    queue = reverse("ideas:queue")
    items = []
    if moderates:
        n = counts["new"]
        items.append(
            Item(
                ngettext("%(n)d contribution to moderate", "%(n)d contributions to moderate", n) % {"n": n},
                n,
                f"{queue}?show=new",
            )
        )
    if responds:
        n = counts["unanswered"]
        items.append(
            Item(
                ngettext(
                    "%(n)d published contribution without an answer",
                    "%(n)d published contributions without an answer",
                    n,
                )
                % {"n": n},
                n,
                reverse("ideas:answers"),
            )
        )
    if moderates:
        n = counts["reported"]
        items.append(
            Item(
                ngettext("%(n)d reported contribution to review", "%(n)d reported contributions to review", n)
                % {"n": n},
                n,
                f"{queue}?show=reported",
            )
        )
    return items
