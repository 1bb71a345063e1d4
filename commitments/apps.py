from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    """Commitments in OGP's template, drafted by action holders."""

    name = "commitments"
    verbose_name = _("Commitments")
