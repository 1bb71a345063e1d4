from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = "Platform"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import pagecache
        from core.sites import site_follow_url

        pagecache.connect_signals()
        # Sent once per app with models; core has none, so follow the sites app's own signal.
        post_migrate.connect(site_follow_url, sender=apps.get_app_config("sites"), dispatch_uid="core.site_follow_url")
        # A deploy runs migrate before it serves: pages kept by the code before it (its templates)
        # are dropped then, not PAGE_CACHE_SECONDS later.
        post_migrate.connect(_drop_kept_pages, sender=apps.get_app_config("sites"), dispatch_uid="core.drop_kept_pages")


def _drop_kept_pages(**kwargs) -> None:
    from core import pagecache

    pagecache.invalidate()


class PlatformAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.PlatformAdminSite"
