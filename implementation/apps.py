from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    """Implementation of a published plan: progress reports per milestone by the action holders,
    checked by staff, in reporting rounds the forum discusses; the mid-term refresh (herijking);
    and the end-of-term self-assessment. On top of the layers."""

    name = "implementation"
    verbose_name = _("Implementation")

    def ready(self):
        # The self-assessments as a source of the document repository, and their dashboard line.
        # progress: the commitment page's milestones with their status and reports, and the
        # progress reports as a file of the open data (both apps sit below this one).
        from commitments import detail_sections
        from implementation import assessment, assessment_staff, documents, open_data, progress_sections  # noqa: F401
        from publication import open_data as publication_open_data

        detail_sections.register(
            "progress", template="implementation/progress/_commitment_section.html",
            context=progress_sections.commitment_section,
        )  # fmt: skip
        publication_open_data.register(open_data.DATA_FILE)
        # refresh: its rules, its dashboard items, and "amended on" with the history on the page.
        import implementation.refresh_rules  # noqa: F401
        import implementation.refresh_staff  # noqa: F401
        from implementation.refresh_views import commitment_section

        detail_sections.register(
            "refresh", template="implementation/refresh/_commitment_section.html", context=commitment_section
        )
