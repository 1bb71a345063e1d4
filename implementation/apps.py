from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    """Implementation of a published plan: progress reports per milestone by the action holders,
    checked by staff, in reporting rounds the forum discusses; the mid-term refresh (herijking);
    and the end-of-term self-assessment. On top of the layers."""

    name = "implementation"
    verbose_name = _("Implementation")

    def ready(self):
        import implementation.refresh_rules  # noqa: F401
        import implementation.refresh_staff  # noqa: F401
        from commitments import detail_sections
        from implementation.refresh_views import commitment_section

        # commitments is below implementation: its page shows "amended on" through its registry.
        detail_sections.register(commitment_section)
