from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import ActionPlan, Theme


class Session(models.Model):
    """A co-creation session (meedenksessie) of a plan, in person or online."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(_("web address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="sessions", verbose_name=_("themes"))
    language = models.CharField(_("language of the session"), max_length=2, choices=settings.LANGUAGES, default="nl")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    venue_accessibility = models.TextField(
        _("accessibility of the venue"), blank=True,
        help_text=_("For example: step-free entrance, lift, accessible toilet, hearing loop."),
    )  # fmt: skip
    online_url = models.URLField(_("meeting link"), blank=True, help_text=_("Shown only to confirmed participants."))
    capacity = models.PositiveIntegerField(_("number of seats"))
    registration_deadline = models.DateTimeField(_("registration closes at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("co-creation session")
        verbose_name_plural = _("co-creation sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="cocreation_session_time_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cocreation_session_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sessions:detail", kwargs={"slug": self.slug})
