import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.dates import show_date
from core.i18n import Bilingual


class ActionPlanQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=ActionPlan.Status.PUBLIC)

    def with_span(self):
        """Annotate the first and last day of each plan's timeline."""
        return self.annotate(timeline_start=Min("phases__starts_on"), timeline_end=Max("phases__ends_on"))


class ActionPlan(Bilingual, models.Model):
    """One national Open Government Action Plan, with its own timeline of phases and events."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (visible to staff only)")
        PUBLIC = "public", _("Public")

    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("5 for the fifth plan."))
    slug = models.SlugField(_("web address"), unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_nl = models.TextField(_("summary (Dutch)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    term_start = models.DateField(_("term starts"), help_text=_("First day of implementation."))
    term_end = models.DateField(_("term ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    action_holders = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="action_holder_of",
        verbose_name=_("action holders"),
        help_text=_("Organisations that take on commitments in this plan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    # What an edit form carries to notice a save by someone else (core.concurrency).
    EDIT_VERSION_FIELD = "updated_at"

    class Meta:
        ordering = ["-number"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="plans_plan_term_order"),
        ]

    def __str__(self):
        return self.localized("title")

    def get_absolute_url(self):
        return reverse("plans:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("The term must end after it starts.")})


class Phase(models.Model):
    """A stretch of a plan's timeline. Phases may overlap (the forum reviews during drafting)."""

    class Kind(models.TextChoices):
        EXPLORATION = "exploration", _("Exploration")
        CALL_FOR_INPUT = "call_for_input", _("Call for input")
        SESSIONS = "sessions", _("Co-creation sessions")
        BUILDING_BLOCKS = "building_blocks", _("Collecting building blocks")
        DRAFTING = "drafting", _("Drafting the plan")
        FORUM_REVIEW = "forum_review", _("Stakeholder forum review")
        SUBMISSION = "submission", _("Submission to OGP")
        PUBLICATION = "publication", _("Publication")
        IMPLEMENTATION = "implementation", _("Implementation")
        REFRESH = "refresh", _("Mid-term refresh")

    class Status(models.TextChoices):
        PAST = "past", _("Completed")
        CURRENT = "current", _("Now")
        UPCOMING = "upcoming", _("Upcoming")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["starts_on", "ends_on", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="plans_phase_one_per_kind"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plans_phase_date_order"),
        ]
        indexes = [models.Index(fields=["plan", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({show_date(self.starts_on)} – {show_date(self.ends_on)})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})

    def status_on(self, day: datetime.date) -> str:
        if day < self.starts_on:
            return self.Status.UPCOMING
        if day > self.ends_on:
            return self.Status.PAST
        return self.Status.CURRENT


class Event(Bilingual, models.Model):
    """A dated moment on the timeline: programme council, consultation, meeting."""

    class Kind(models.TextChoices):
        PROGRAMME_COUNCIL = "programme_council", _("Programme council")
        INTERDEPARTMENTAL = "interdepartmental", _("Interdepartmental consultation")
        CONSULTATION = "consultation", _("Consultation")
        MEETING = "meeting", _("Meeting with action holders and stakeholders")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.localized("title")


class Theme(Bilingual, models.Model):
    """A theme (managed by staff) that contributions, sessions and commitments are tagged with."""

    slug = models.SlugField(_("web address"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive themes cannot be chosen anymore."))

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.localized("name")
