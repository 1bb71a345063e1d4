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
