from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """Publication of the plan: its published versions (HTML and PDF), the document repository,
    open data of everything public, the OGP minimum-requirements check and the staff dashboard's
    charts. On top of the layers."""

    name = "publication"
    verbose_name = _("Publication")
    # The home page and the plan page link to the published versions.
    page_cache_models = ["PlanVersion", "VersionDocument"]

    def ready(self):
        # The versions' documents are a source of the repository (``publication.documents.source``).
        from publication import versions  # noqa: F401
