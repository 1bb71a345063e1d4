"""What the cached contribution pages are keyed on (core/pagecache.py), and what raises it.

Every cached contribution page is keyed on the site's generation (raised by the plans, themes,
sessions, commitments, names and building blocks these pages show, and by moderation that takes
something off them) and on the finer generations of this module:

* ``ideas``: the pages that list contributions without narrowing them to a theme or a plan (the
  list, also searched or filtered on anything else; a building block's page, "what happened", the
  building blocks); raised by every public contribution that appears, changes or leaves;
* ``ideas:theme:<slug>``: the list filtered on that theme (``?theme=<slug>``, with or without
  other filters, a plan's too); raised by a public contribution of that theme, before or after
  the change: one moved from theme A to B leaves A's list and joins B's;
* ``ideas:plan:<slug>``: the list filtered on that plan and on no theme; raised likewise by the
  contributions of that plan (before and after);
* ``idea:<pk>``: one contribution's page; raised by every change to it, supports included;
* ``ideas:counts``: the support counts on the lists, raised by every support. It *lags*: the
  lists read the number as it was up to ``PAGE_CACHE_COUNTS_SECONDS`` ago, so supports arriving
  every second do not empty every list page; the person who supported reads the current number
  (``pagecache.mark_fresh``).

A list filtered on a theme shows only contributions of that theme, so the theme's generation is
enough for it, also with a plan filter: whatever appears on it, changes on it or leaves it is of
that theme before or after the change. A filter value the list ignores (an unknown theme, a plan
that is not public) leaves the list unfiltered, so such a request is keyed on ``ideas``.

A contribution that leaves the public pages (rejected, withdrawn, hidden, deleted) or whose text is
redacted raises the site's generation: gone from every cached page at once.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core import pagecache
from ideas import choices
from ideas.models import PUBLIC_STATUSES, Idea
from plans.models import Theme

LIST = "ideas"
COUNTS = "ideas:counts"
SHOWN_STATUSES = frozenset(PUBLIC_STATUSES)


def one(pk) -> str:
    return f"idea:{pk}"


def theme_list(slug) -> str:
    return f"ideas:theme:{slug}"


def plan_list(slug) -> str:
    return f"ideas:plan:{slug}"


# --- What a list page is keyed on ----------------------------------------------------------------


def _accepted(request) -> tuple[frozenset, frozenset]:
    """The slugs the list's theme and plan filters accept (every theme, the public plans): the
    filter's own lists (``ideas.choices``, read once per site generation)."""
    lists = choices.lists(request)
    return frozenset(t.slug for t in lists.themes), frozenset(p.slug for p in lists.plans)


def list_parts(request=None) -> tuple:
    """The generation a list page is keyed on (besides the site's): its theme's when it is
    filtered on one, else its plan's when filtered on one, else ``ideas``. Without a request: the
    pages keyed on ``ideas`` whatever their address (building blocks, "what happened")."""
    if request is None:
        return (LIST,)
    theme, plan = request.GET.get("theme"), request.GET.get("plan")  # the value the filter reads
    if not theme and not plan:
        return (LIST,)
    themes, plans = _accepted(request)
    if theme in themes:
        return (theme_list(theme),)
    if plan in plans and not theme:
        return (plan_list(plan),)
    return (LIST,)  # an ignored value: the list is not narrowed by it


def detail_parts(request, pk, **kwargs):
    return (one(pk),)


# --- What raises them ----------------------------------------------------------------------------


def _lists(plans, themes) -> set:
    return {LIST, *(plan_list(s) for s in plans if s), *(theme_list(s) for s in themes if s)}


def _lists_now(pks) -> set:
    """The list generations of the contributions ``pks`` as they are in the database: one query."""
    rows = Idea.objects.filter(pk__in=pks).values_list("plan__slug", "themes__slug")
    return _lists({plan for plan, _ in rows}, {theme for _, theme in rows})


def changed(*pks) -> None:
    """Public contributions changed around ``save()`` (``update()``, which keeps their plan and
    themes): their own pages and the lists they are in, read from the database (one query)."""
    pagecache.invalidate(*sorted(_lists_now(pks)), *(one(pk) for pk in pks))


def supported(pk) -> None:
    """A support came or went: the contribution's own page at once, the counts on the lists
    within ``PAGE_CACHE_COUNTS_SECONDS``."""
    pagecache.invalidate(one(pk), COUNTS)


def removed() -> None:
    """Something left the public pages, or lost text: every cached page, at once."""
    pagecache.invalidate()


def _shown_before(instance) -> bool:
    before = getattr(instance, "_loaded_status", "unknown")
    return before in SHOWN_STATUSES or before == "unknown"


def _idea_saving(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a public contribution is saved over one that was public: the lists it was in (its
    plan may change with the save; its themes do not, they change in ``_themes_changed``)."""
    instance._pages_before = None
    if instance._state.adding or instance.pk is None or instance.status not in SHOWN_STATUSES:
        return  # new, or leaving the public pages (``removed()``): the lists before do not matter
    if not _shown_before(instance):
        return  # on no list before: the lists after are enough
    if update_fields is not None and "plan" not in update_fields:
        return  # the plan stays: the lists after are the lists before
    rows = list(Idea.objects.filter(pk=instance.pk).values_list("plan_id", "plan__slug", "themes__slug"))
    if rows:
        instance._pages_before = (rows[0][0], _lists({r[1] for r in rows}, {r[2] for r in rows}))


def _idea_saved(sender, instance, created, **kwargs) -> None:
    shown_before = not created and _shown_before(instance)
    shown_now = instance.status in SHOWN_STATUSES
    if shown_before and not shown_now:
        removed()
    elif shown_now:
        before = getattr(instance, "_pages_before", None)
        if before is not None and before[0] == instance.plan_id:
            lists = before[1]  # the same plan and themes
        else:
            lists = _lists_now([instance.pk]) | (before[1] if before else set())
        pagecache.invalidate(*sorted(lists), one(instance.pk))
    # A submission or an edit of one not yet published is on no public page: nothing to drop.
    instance._loaded_status = instance.status
    instance._pages_before = None


def _idea_deleted(sender, instance, **kwargs) -> None:
    removed()


def _themes_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A contribution's themes changed: the lists of the themes it had and has now, its plan's and
    ``ideas`` (the cards show the themes), and its own page."""
    if reverse:  # a theme's contributions: rare, staff only
        if action.startswith("post_"):
            removed()
        return
    if instance.status not in SHOWN_STATUSES:
        return  # not public (a submission): on no list
    if action == "pre_clear":
        instance._pages_themes_before = _lists_now([instance.pk])
    elif action == "post_clear":
        before = getattr(instance, "_pages_themes_before", None)
        lists = _lists_now([instance.pk]) | (before if before is not None else _every_theme())
        instance._pages_themes_before = None
        pagecache.invalidate(*sorted(lists), one(instance.pk))
    elif action in ("post_add", "post_remove") and pk_set:
        moved = Theme.objects.filter(pk__in=pk_set).values_list("slug", flat=True)
        lists = _lists_now([instance.pk]) | {theme_list(slug) for slug in moved}
        pagecache.invalidate(*sorted(lists), one(instance.pk))


def _every_theme() -> set:
    return {theme_list(slug) for slug in Theme.objects.values_list("slug", flat=True)}


def connect() -> None:
    pre_save.connect(_idea_saving, sender=Idea, dispatch_uid="ideas-pages-saving")
    post_save.connect(_idea_saved, sender=Idea, dispatch_uid="ideas-pages-save")
    post_delete.connect(_idea_deleted, sender=Idea, dispatch_uid="ideas-pages-delete")
    m2m_changed.connect(_themes_changed, sender=Idea.themes.through, dispatch_uid="ideas-pages-themes")
