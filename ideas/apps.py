from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Contributions: ideas, suggestions and critical notes, and their reasoned responses."""

    name = "ideas"
    # Rows the cached contribution pages show (core/pagecache.py). Supports show only as
    # ``Idea.support_count``; the services that add or remove one invalidate explicitly.
    page_cache_models = ["Idea", "BuildingBlock"]
    verbose_name = _("Contributions")
