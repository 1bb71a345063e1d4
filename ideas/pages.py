"""What the cached contribution pages are keyed on (core/pagecache.py), and what raises it.

Every cached contribution page is keyed on the site's generation (raised by the plans, themes,
sessions, commitments, names and building blocks these pages show, and by moderation that takes
something off them) and on the finer generations of this module:

* ``ideas``: every page that lists contributions (the list with its filters and search, a
  building block's page, "what happened"); raised when a public contribution appears, changes or
  leaves (``post_save`` of ``Idea`` below, and the services that write with ``update()``);
* ``idea:<pk>``: one contribution's page; raised by every change to it, supports included;
* ``ideas:counts``: the support counts on the lists, raised by every support. It *lags*: the
  lists read the number as it was up to ``PAGE_CACHE_COUNTS_SECONDS`` ago, so supports arriving
  every second do not empty every list page; the person who supported reads the current number
  (``pagecache.mark_fresh``).

A contribution that leaves the public pages (rejected, withdrawn, hidden, deleted) or whose text is
redacted raises the site's generation: gone from every cached page at once.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import pagecache
from ideas.models import PUBLIC_STATUSES

LIST = "ideas"
COUNTS = "ideas:counts"
SHOWN_STATUSES = frozenset(PUBLIC_STATUSES)


def one(pk) -> str:
    return f"idea:{pk}"


def list_parts():
    return (LIST,)


def detail_parts(request, pk, **kwargs):
    return (one(pk),)


def changed(*pks) -> None:
    """Public contributions changed: their own pages and every list."""
    pagecache.invalidate(LIST, *(one(pk) for pk in pks))


def supported(pk) -> None:
    """A support came or went: the contribution's own page at once, the counts on the lists
    within ``PAGE_CACHE_COUNTS_SECONDS``."""
    pagecache.invalidate(one(pk), COUNTS)


def removed() -> None:
    """Something left the public pages, or lost text: every cached page, at once."""
    pagecache.invalidate()


def _idea_saved(sender, instance, created, **kwargs) -> None:
    before = None if created else getattr(instance, "_loaded_status", "unknown")
    shown_before = before in SHOWN_STATUSES or before == "unknown"
    shown_now = instance.status in SHOWN_STATUSES
    if shown_before and not shown_now:
        removed()
    elif shown_before or shown_now:
        changed(instance.pk)
    # A submission or an edit of one not yet published is on no public page: nothing to drop.
    instance._loaded_status = instance.status


def _idea_deleted(sender, instance, **kwargs) -> None:
    removed()


def _themes_changed(sender, instance, action, reverse, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # a theme's contributions: rare, staff only
        removed()
    elif instance.status in SHOWN_STATUSES:
        changed(instance.pk)


def connect() -> None:
    from ideas.models import Idea

    post_save.connect(_idea_saved, sender=Idea, dispatch_uid="ideas-pages-save")
    post_delete.connect(_idea_deleted, sender=Idea, dispatch_uid="ideas-pages-delete")
    m2m_changed.connect(_themes_changed, sender=Idea.themes.through, dispatch_uid="ideas-pages-themes")
