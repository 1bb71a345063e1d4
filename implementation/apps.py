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
        from implementation import assessment, assessment_staff  # noqa: F401
