from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    # The plan, its phases and themes appear on the cached contribution pages (core/pagecache.py).
    page_cache_models = "__all__"
    verbose_name = _("Action plans")

    def ready(self):
        # Names the role for the profile page (accounts.roles.register_role).
        import plans.roles  # noqa: F401
