from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Contributions: ideas, suggestions and critical notes, and their reasoned responses."""

    name = "ideas"
    # Building blocks raise the site's generation of the page cache (core/pagecache.py), like
    # every watched model. Contributions and supports raise finer generations (ideas/pages.py),
    # so that a support does not empty every cached page.
    page_cache_models = ["BuildingBlock"]
    verbose_name = _("Contributions")

    def ready(self):
        from ideas import pages

        pages.connect()
