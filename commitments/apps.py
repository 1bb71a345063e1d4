from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    """Commitments in OGP's template, drafted by action holders."""

    name = "commitments"
    # Published commitments are linked from the contributions and building blocks they draw on
    # (core/pagecache.py). Milestones and versions are not on those pages; a workflow step writes
    # with update() and invalidates explicitly.
    page_cache_models = ["Commitment"]
    verbose_name = _("Commitments")
