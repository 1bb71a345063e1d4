"""Progress of a published plan. The published commitment text stays frozen: progress lives here,
as dated reports per milestone (history kept). A milestone's status is its latest accepted report;
a commitment's completion follows from its milestones (``implementation.progress``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commitments.models import Milestone
from core.i18n import Bilingual
from plans.models import ActionPlan
from publication.models import RenderedPdf


class Completion(models.TextChoices):
    """OGP's completion scale, plus withdrawn (with a reason)."""

    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReportingRound(Bilingual, models.Model):
    """A round in which the action holders of every published commitment of a plan report their
    progress before a deadline (for example every six months). The forum may discuss it at a
    meeting; its comments are kept with the round (OGP Standard 5)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="reporting_rounds", verbose_name=_("plan")
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"), help_text=_("The last day on which reports can be submitted."))
    forum_meeting = models.ForeignKey(
        "stakeholders.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting_rounds",
        verbose_name=_("on the agenda of forum meeting"),
    )  # fmt: skip
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-deadline", "-pk"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")), name="implementation_round_date_order"
            ),
        ]

    def __str__(self):
        return self.localized("title")


class ForumComment(models.Model):
    """The forum's comment on the progress of a reporting round (kept with the round)."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="forum_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, null=True, blank=True, related_name="forum_comments",
        verbose_name=_("commitment"),
    )  # fmt: skip
    body = models.TextField(_("comment"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("forum comment on progress")
        verbose_name_plural = _("forum comments on progress")

    def __str__(self):
        return self.body[:80]


class ProgressReportQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(review=ProgressReport.Review.ACCEPTED)


class ProgressReport(Bilingual, models.Model):
    """A dated report on one milestone by a member of the commitment's lead organisation. Only
    accepted reports are public; a milestone's status is its latest accepted report."""

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a check")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="progress_reports")
    round = models.ForeignKey(
        ReportingRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("reporting round"),
    )  # fmt: skip
    completion = models.CharField(_("status"), max_length=20, choices=Completion.choices)
    explanation_nl = models.TextField(_("explanation (Dutch)"), max_length=10_000)
    explanation_en = models.TextField(_("explanation (English)"), max_length=10_000, blank=True)
    reported_on = models.DateField(_("date of the report"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    review = models.CharField(_("check"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("why it is sent back"), blank=True, max_length=5_000)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["milestone", "-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["milestone", "review", "reported_on"])]

    def __str__(self):
        return f"{self.milestone} – {self.get_completion_display()}"


def evidence_path(instance, filename):
    return f"progress/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """Evidence of a progress report: a link (http or https) or a document."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("description"), max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("document"), upload_to=evidence_path, blank=True, max_length=300)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(file="")) | (~models.Q(url="") & models.Q(file="")),
                name="implementation_evidence_link_or_file",
            ),
        ]

    def __str__(self):
        return self.title


class SelfAssessment(RenderedPdf):
    """The end-of-term self-assessment of a plan in one language, generated from its progress
    (OGP's template), with its PDF. Appears in the document repository once published."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="self_assessments")
    published_on = models.DateField(_("publication date"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-published_on", "language"]
        verbose_name = _("end-of-term self-assessment")
        verbose_name_plural = _("end-of-term self-assessments")

    def get_absolute_url(self):
        return reverse("implementation_assessment:detail", kwargs={"slug": self.plan.slug, "pk": self.pk})


class Refresh(Bilingual, models.Model):
    """The mid-term refresh (herijking) of a published plan: a new call for input (the plan's phase
    of kind REFRESH, which opens the contribution form again), new commitments that continue the
    identifier series, and amendments to published commitments. One per plan."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="refresh", verbose_name=_("plan"))
    phase = models.OneToOneField(
        "plans.Phase", on_delete=models.PROTECT, related_name="refresh", verbose_name=_("call for input")
    )
    reason_nl = models.TextField(_("why the plan is refreshed (Dutch)"), max_length=5_000)
    reason_en = models.TextField(_("why the plan is refreshed (English)"), max_length=5_000)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refresh")
        verbose_name_plural = _("refreshes")

    def __str__(self):
        return str(_("Refresh of %(plan)s") % {"plan": self.plan})

    def get_absolute_url(self):
        return reverse("implementation_refresh:detail", kwargs={"slug": self.plan.slug})


class Amendment(Bilingual, models.Model):
    """A change to a published commitment during the refresh: new text or milestones with a reason.
    The published text stays as it is while the forum reviews the proposal; publishing applies it
    as a new version of the commitment (``before_version`` → ``after_version``) on ``amended_on``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In forum review")
        PUBLISHED = "published", _("Published")

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="amendments")
    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.PROTECT, related_name="amendments", verbose_name=_("commitment")
    )
    reason_nl = models.TextField(_("reason for the amendment (Dutch)"), max_length=5_000)
    reason_en = models.TextField(_("reason for the amendment (English)"), max_length=5_000)
    # What changes: {"fields": {name: new value}, "milestones": [rows as commitments.services takes
    # them, dates as ISO strings]}; ``before``/``after`` are full snapshots (commitments.content).
    changes = models.JSONField(default=dict)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    amended_on = models.DateField(_("amended on"), null=True, blank=True)
    before_version = models.PositiveIntegerField(null=True, blank=True)
    after_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commitment__sequence", "-created_at", "-pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            # One open proposal per commitment: a second would be written over the first's base.
            models.UniqueConstraint(
                fields=["commitment"],
                condition=~models.Q(status="published"),
                name="implementation_one_open_amendment",
            ),
        ]

    def __str__(self):
        return str(_("Amendment of %(identifier)s") % {"identifier": self.commitment.identifier})

    def get_absolute_url(self):
        return reverse("implementation_refresh:amendment", kwargs={"pk": self.pk})


class AmendmentComment(models.Model):
    """A forum member's comment on an amendment under review (kept with the amendment)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amendment", "created_at", "pk"]
        verbose_name = _("forum comment on an amendment")
        verbose_name_plural = _("forum comments on amendments")

    def __str__(self):
        return self.body[:80]
