from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoCreationSessionsConfig(AppConfig):
    """Co-creation sessions (meedenksessies). Django's own django.contrib.sessions owns the label
    ``sessions``, so this app is labelled ``cocreation``."""

    name = "sessions"
    label = "cocreation"
    verbose_name = _("Co-creation sessions")
