import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core import clock
from plans.models import ActionPlan


class ForumMemberQuerySet(models.QuerySet):
    def current(self, *, on: datetime.date | None = None):
        """Seats held on a day (today by default): started on or before it, not ended before it.
        The one definition of "a current forum seat"; everything that asks goes through it."""
        on = on or clock.today()
        return self.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))


class ForumMember(models.Model):
    """A seat in the stakeholder forum of one action plan, for a period."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="forum_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_seats")
    sector = models.CharField(_("sector"), max_length=20, choices=Organisation.Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_seats"
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    objects = ForumMemberQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sector", "user__name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="stakeholders_one_seat_per_plan"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="stakeholders_seat_dates"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_sector_display()})"

    def clean(self):
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("A seat cannot end before it starts.")})
