from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: the one way the platform sends email."""

    name = "notifications"
    verbose_name = _("Notifications")
