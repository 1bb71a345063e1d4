from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """The stakeholder forum: its members, meetings and review rounds."""

    name = "stakeholders"
    verbose_name = _("Stakeholder forum")
    # The public forum page lists the review rounds with their decision logs.
    page_cache_models = ["ReviewRound"]

    def ready(self):
        # commitments is below stakeholders: it asks its registry, which the forum fills in.
        from commitments.workflow import register_guard
        from stakeholders.services import revise_guard

        register_guard("revise", revise_guard)
