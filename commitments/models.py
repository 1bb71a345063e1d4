from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.i18n import Bilingual
from plans.models import ActionPlan, Theme

# The prose fields of OGP's commitment template, each stored in Dutch and English side by side
# (``<name>_nl`` and ``<name>_en``). ``REQUIRED_PROSE`` must be filled in both languages before a
# commitment goes to review; the additional information is optional.
PROSE_FIELDS = [
    ("title", _("Title")),
    ("problem", _("The problem it addresses")),
    ("causes", _("Causes of the problem")),
    ("done_so_far", _("What has been done so far")),
    ("description", _("What the commitment does")),
    ("how_it_helps", _("How it helps solve the problem")),
    ("budget", _("Budget")),
    ("other_policies", _("Links to other policies")),
    ("sdgs", _("Sustainable Development Goals")),
]
REQUIRED_PROSE = ["title", "problem", "causes", "done_so_far", "description", "how_it_helps"]
OGP_VALUES = [
    ("transparency", _("Transparency")),
    ("participation", _("Civic participation")),
    ("accountability", _("Public accountability")),
]
LANGUAGE_NAMES = {"nl": _("Dutch"), "en": _("English")}


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Commitment.Status.PUBLISHED)

    def public(self):
        """What the public may see: published commitments of a public plan. A plan still in draft
        is for staff only, and so is everything in it."""
        return self.published().filter(plan__status=ActionPlan.Status.PUBLIC)

    def drafts(self):
        return self.filter(status=Commitment.Status.DRAFT)


class Commitment(Bilingual, models.Model):
    """A commitment (verbintenis) of an action plan in OGP's template, led by one action holder."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready for review")
        IN_REVIEW = "in_review", _("In forum review")
        REVISED = "revised", _("Revised")
        FINAL = "final", _("Final")
        PUBLISHED = "published", _("Published")

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan"))
    # Given once, at the first save ("NL-5-03"), and never changed: the reasoned response, the
    # IRM and the published plan refer to commitments by it.
    identifier = models.CharField(_("identifier"), max_length=20, unique=True, editable=False)
    sequence = models.PositiveSmallIntegerField(editable=False)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_commitments", verbose_name=_("lead organisation"),
        help_text=_("The action holder that carries out the commitment."),
    )  # fmt: skip
    supporting_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="supported_commitments", verbose_name=_("supporting organisations")
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email address of the contact person"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="commitments", verbose_name=_("themes"))
    building_blocks = models.ManyToManyField(
        "ideas.BuildingBlock", blank=True, related_name="commitments", verbose_name=_("building blocks it draws on")
    )
    contributions = models.ManyToManyField(
        "ideas.Idea", blank=True, related_name="commitments", verbose_name=_("contributions it draws on")
    )

    # OGP's template, each prose field in Dutch and English side by side.
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    problem_nl = models.TextField(_("the problem it addresses (Dutch)"), blank=True, max_length=10_000)
    problem_en = models.TextField(_("the problem it addresses (English)"), blank=True, max_length=10_000)
    causes_nl = models.TextField(_("causes of the problem (Dutch)"), blank=True, max_length=10_000)
    causes_en = models.TextField(_("causes of the problem (English)"), blank=True, max_length=10_000)
    done_so_far_nl = models.TextField(_("what has been done so far (Dutch)"), blank=True, max_length=10_000)
    done_so_far_en = models.TextField(_("what has been done so far (English)"), blank=True, max_length=10_000)
    description_nl = models.TextField(_("what the commitment does (Dutch)"), blank=True, max_length=10_000)
    description_en = models.TextField(_("what the commitment does (English)"), blank=True, max_length=10_000)
    how_it_helps_nl = models.TextField(_("how it helps solve the problem (Dutch)"), blank=True, max_length=10_000)
    how_it_helps_en = models.TextField(_("how it helps solve the problem (English)"), blank=True, max_length=10_000)
    transparency = models.BooleanField(_("transparency"), default=False)
    participation = models.BooleanField(_("civic participation"), default=False)
    accountability = models.BooleanField(_("public accountability"), default=False)
    transparency_why_nl = models.TextField(
        _("why it is relevant to transparency (Dutch)"), blank=True, max_length=10_000
    )
    transparency_why_en = models.TextField(
        _("why it is relevant to transparency (English)"), blank=True, max_length=10_000
    )
    participation_why_nl = models.TextField(
        _("why it is relevant to civic participation (Dutch)"), blank=True, max_length=10_000
    )
    participation_why_en = models.TextField(
        _("why it is relevant to civic participation (English)"), blank=True, max_length=10_000
    )
    accountability_why_nl = models.TextField(
        _("why it is relevant to public accountability (Dutch)"), blank=True, max_length=10_000
    )
    accountability_why_en = models.TextField(
        _("why it is relevant to public accountability (English)"), blank=True, max_length=10_000
    )
    budget_nl = models.TextField(_("budget (Dutch)"), blank=True, max_length=10_000)
    budget_en = models.TextField(_("budget (English)"), blank=True, max_length=10_000)
    other_policies_nl = models.TextField(_("links to other policies (Dutch)"), blank=True, max_length=10_000)
    other_policies_en = models.TextField(_("links to other policies (English)"), blank=True, max_length=10_000)
    sdgs_nl = models.TextField(_("Sustainable Development Goals (Dutch)"), blank=True, max_length=10_000)
    sdgs_en = models.TextField(_("Sustainable Development Goals (English)"), blank=True, max_length=10_000)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommitmentQuerySet.as_manager()

    # What an edit form carries to notice a save by someone else (core.concurrency).
    EDIT_VERSION_FIELD = "version"

    class Meta:
        ordering = ["plan", "sequence"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [models.UniqueConstraint(fields=["plan", "sequence"], name="commitments_sequence_per_plan")]
        indexes = [models.Index(fields=["status", "plan"])]

    def __str__(self):
        return f"{self.identifier} {self.localized('title')}"

    def get_absolute_url(self):
        return reverse("commitments:detail", kwargs={"identifier": self.identifier})


class Milestone(Bilingual, models.Model):
    """A step of a commitment, with dates and an expected output (what the IRM verifies)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description_nl = models.TextField(_("description (Dutch)"), blank=True, max_length=5_000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5_000)
    expected_output_nl = models.TextField(_("expected output (Dutch)"), blank=True, max_length=5_000)
    expected_output_en = models.TextField(_("expected output (English)"), blank=True, max_length=5_000)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones",
        verbose_name=_("responsible organisation"),
    )  # fmt: skip

    class Meta:
        ordering = ["commitment", "position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commitments_milestone_date_order",
            ),
        ]

    def __str__(self):
        return self.localized("description")[:80]

    @property
    def is_verifiable(self) -> bool:
        return bool(
            self.starts_on and self.ends_on and self.expected_output_nl.strip() and self.expected_output_en.strip()
        )

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A milestone cannot end before it starts.")})


class CommitmentVersion(models.Model):
    """Every save of a commitment: a full snapshot (all fields and milestones), who and when, and
    which fields changed compared with the version before."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    snapshot = models.JSONField()
    changed_fields = models.JSONField(default=list)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["commitment", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [models.UniqueConstraint(fields=["commitment", "number"], name="commitments_version_once")]

    def __str__(self):
        return f"{self.commitment.identifier} v{self.number}"


class StatusChange(models.Model):
    """A step in the workflow: who moved the commitment from which status to which, and when."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Commitment.Status.choices)
    to_status = models.CharField(max_length=10, choices=Commitment.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
