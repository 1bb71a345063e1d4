from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """The stakeholder forum: its members, and later its meetings and review rounds."""

    name = "stakeholders"
    verbose_name = _("Stakeholder forum")
