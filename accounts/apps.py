from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # Names shown with a contribution or commitment on the cached pages (core/pagecache.py).
    page_cache_models = ["User", "Organisation"]
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import kept, roles
        from accounts.middleware import start_staff_session_on_login

        # Session policy, not domain logic: the session's lifetime is set where it begins.
        user_logged_in.connect(start_staff_session_on_login, dispatch_uid="accounts.staff_session")
        # The kept names of a person's groups (accounts/roles.py) are dropped when they change.
        roles.connect()
        # The kept row of a signed-in person (accounts/kept.py) is dropped when it changes.
        kept.connect()
