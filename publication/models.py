"""Documents that staff upload into the repository (IRM reports, other documents). Every other
document of the repository comes from the app that owns it, through ``publication.documents``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import Bilingual
from plans.models import ActionPlan


def document_path(instance, filename):
    return f"documents/{instance.plan_id}/{filename}"


class Document(Bilingual, models.Model):
    """An uploaded document of a plan. Public once its plan is public and its date has come."""

    class Kind(models.TextChoices):
        IRM_REPORT = "irm_report", _("IRM report")
        OTHER = "other", _("Other document")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="documents", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IRM_REPORT)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    language = models.CharField(_("language of the document"), max_length=2, choices=settings.LANGUAGES, default="nl")
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    published_on = models.DateField(_("publication date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.localized("title")

    def get_absolute_url(self):
        return reverse("publication_documents:file", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class PlanText(Bilingual, models.Model):
    """What staff write for the plan document, in both languages: the introduction and the context.
    The rest of the document is compiled from the platform's data (``publication.plan_document``)."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="plan_text", verbose_name=_("plan"))
    introduction_nl = models.TextField(_("introduction (Dutch)"), blank=True, max_length=20_000)
    introduction_en = models.TextField(_("introduction (English)"), blank=True, max_length=20_000)
    context_nl = models.TextField(_("context (Dutch)"), blank=True, max_length=20_000)
    context_en = models.TextField(_("context (English)"), blank=True, max_length=20_000)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("text of the plan document")
        verbose_name_plural = _("texts of the plan document")

    def __str__(self):
        return str(self.plan)


class PlanVersion(Bilingual, models.Model):
    """A published version of a plan ("English version submitted to OGP", "Dutch public version"):
    a frozen snapshot. Its documents (``VersionDocument``) hold the HTML as it was compiled at
    publication and the PDF made from it; ``commitments`` holds each commitment's snapshot
    (``commitments.content.snapshot_of``, keyed by identifier) to show what changed between two
    versions. Nothing of a version changes after it is published."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("version number"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    label_nl = models.CharField(_("name (Dutch)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)
    published_on = models.DateField(_("publication date"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commitments = models.JSONField(default=dict, editable=False)
    # What changed since the version before, as staff describe it (a refresh lists its amendments).
    changes_nl = models.TextField(_("what changed (Dutch)"), blank=True, max_length=20_000)
    changes_en = models.TextField(_("what changed (English)"), blank=True, max_length=20_000)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="publication_version_number_once")]

    def __str__(self):
        return f"{self.plan} – {self.number}: {self.localized('label')}"

    def get_absolute_url(self):
        return reverse("publication_versions:detail", kwargs={"slug": self.plan.slug, "number": self.number})


def rendered_pdf_path(instance, filename):
    return f"generated/{instance._meta.model_name}/{instance.pk}/{filename}"


class RenderedPdf(models.Model):
    """A generated document: its HTML, frozen when it is made, and the PDF a Celery task renders
    from it (``publication.tasks.render_pdf``), with the progress staff see. Concrete models of
    publication and of the apps above it (the self-assessment) inherit this."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RENDERING = "rendering", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    html = models.TextField(editable=False)
    pdf = models.FileField(upload_to=rendered_pdf_path, max_length=300, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    pdf_status = models.CharField(
        _("PDF"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING, editable=False
    )
    pdf_progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0, editable=False)
    pdf_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class VersionDocument(RenderedPdf):
    """One document published with a plan version: the plan document in the version's language,
    and the co-creation report in Dutch and in English."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Action plan")
        COCREATION_REPORT = "cocreation_report", _("Co-creation report")

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["version", "kind", "language"]
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "language"], name="publication_document_once")
        ]
