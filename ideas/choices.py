"""The public plans, the themes and the public sessions, as the contribution list's filters and
cards show them: read from the database once per site generation (core/pagecache.py) and kept in
process memory, instead of three queries on every request.

Every change to a plan, a theme or a session raises the site's generation (they are among the
models the page cache watches, ``page_cache_models``), so the next request reads the lists again:
a new theme shows in the filter at once. The generation is read before the rows, so rows read
around a change are kept under the older number at worst, and read again under the newer one.
Only the latest generation is kept (a few dozen small rows)."""

import threading
from dataclasses import dataclass, field

from core import pagecache
from ideas.models import Idea
from plans.models import ActionPlan, Theme


@dataclass(frozen=True)
class Lists:
    generation: int
    plans: tuple  # public ActionPlans, newest first
    themes: tuple  # every Theme, by Dutch name
    sessions: tuple  # public sessions, by start
    themes_by_pk: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # language -> {name: [(value, label)]}, filled on use

    def choices(self, name: str, language: str) -> list:
        """The (value, label) pairs of the filter ``name`` (plan, theme, session) in ``language``."""
        per_language = self.labels.get(language)
        if per_language is None:
            per_language = {
                "plan": [(p.slug, p.localized("title", language)) for p in self.plans],
                "theme": [(t.slug, t.localized("name", language)) for t in self.themes],
                "session": [(str(s.pk), str(s)) for s in self.sessions],
            }
            self.labels[language] = per_language  # a dict item: atomic, the same for every thread
        return per_language[name]

    def pk_of(self, name: str, value: str):
        """The primary key of the plan or theme with slug ``value`` (or the session numbered
        ``value``); None if there is none."""
        rows = {"plan": self.plans, "theme": self.themes}.get(name)
        if rows is None:
            return int(value) if any(str(s.pk) == value for s in self.sessions) else None
        return next((row.pk for row in rows if row.slug == value), None)


def _sessions():
    # The public sessions through the foreign key (``cocreation.Session``): ideas sits below
    # sessions and does not import it (docs/architecture.md, "Layers").
    return Idea._meta.get_field("session").related_model.objects.public()


_kept: Lists | None = None
_lock = threading.Lock()


def lists(request=None) -> Lists:
    """The lists of the site's current generation (read once per request when given the request)."""
    global _kept
    generation = pagecache.generation(request)
    kept = _kept
    if kept is not None and kept.generation == generation:
        return kept
    with _lock:
        if _kept is not None and _kept.generation == generation:
            return _kept
        themes = tuple(Theme.objects.order_by("name_nl", "pk"))
        kept = Lists(
            generation=generation,
            plans=tuple(ActionPlan.objects.public()),
            themes=themes,
            sessions=tuple(_sessions()),
            themes_by_pk={t.pk: t for t in themes},
        )
        _kept = kept
    return kept
