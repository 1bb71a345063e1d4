from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # Names shown with a contribution or commitment on the cached pages (core/pagecache.py).
    page_cache_models = ["User", "Organisation"]
    verbose_name = _("Accounts and organisations")
