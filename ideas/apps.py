from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Contributions: ideas, suggestions and critical notes, and their reasoned responses."""

    name = "ideas"
    verbose_name = _("Contributions")
