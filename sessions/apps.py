from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoCreationSessionsConfig(AppConfig):
    """Co-creation sessions (meedenksessies). Django's own django.contrib.sessions owns the label
    ``sessions``, so this app is labelled ``cocreation``."""

    name = "sessions"
    label = "cocreation"
    # A contribution's page links the session it came from (core/pagecache.py); registrations,
    # invitations and reports are not on the cached pages.
    page_cache_models = ["Session"]
    verbose_name = _("Co-creation sessions")
