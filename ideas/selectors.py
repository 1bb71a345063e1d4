"""Reads of contributions, each at a fixed number of queries whatever the amount of data."""

import re

from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, FloatField, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL

from core import clock
from ideas import choices
from ideas.filters import SEARCH_VECTOR, search
from ideas.models import BuildingBlock, Idea, ModerationLog, Report, Support
from plans.models import Phase, Theme


def _for_cards(ideas):
    return ideas.select_related("organisation", "session", "building_block", "author").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name_nl"))
    )


# What a public card shows (templates/ideas/_idea_cards.html), and nothing else: the texts, the
# answer and four joined tables that no card shows made the list's query the slowest part of a page.
CARD_FIELDS = ("id", "plan_id", "kind", "title", "status", "outcome", "channel", "support_count", "published_at")


def public_ideas(*, themes: bool = True):
    """What the public may see (``Idea.objects.public()``), with what a card shows; without the
    themes, for a page that gives its cards theirs with ``with_card_themes``."""
    ideas = Idea.objects.public().only(*CARD_FIELDS)
    return ideas.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name_nl"))) if themes else ideas


def with_card_themes(ideas, lists: choices.Lists) -> list:
    """The contributions of one page, each with its themes as its card shows them
    (``card_themes``, by name): one query of the pairs (contribution, theme) and the themes of
    ``ideas.choices`` instead of a prefetch of the themes' rows and a manager per contribution. A
    theme newer than those lists is read from the database."""
    ideas = list(ideas)
    pairs = list(
        Idea.themes.through.objects.filter(idea_id__in=[idea.pk for idea in ideas]).values_list("idea_id", "theme_id")
    )
    themes = lists.themes_by_pk
    if missing := {theme_id for _idea_id, theme_id in pairs if theme_id not in themes}:
        themes = {**themes, **Theme.objects.in_bulk(missing)}
    by_idea = {}
    for idea_id, theme_id in pairs:
        by_idea.setdefault(idea_id, []).append(themes[theme_id])
    for idea in ideas:
        idea.card_themes = sorted(by_idea.get(idea.pk, ()), key=lambda theme: (theme.name_nl, theme.pk))
    return ideas


def published_ideas_for_staff():
    """Published contributions of every plan, drafts too: staff answer them before the plan is
    public."""
    return _for_cards(Idea.objects.published())


def idea_with_plan(pk: int) -> Idea:
    """One contribution with its plan, for a permission check (raises ``Idea.DoesNotExist``)."""
    return Idea.objects.select_related("plan").get(pk=pk)


def ideas_of_author(user):
    """A person's own contributions, every status, newest first."""
    return (
        Idea.objects.filter(author=user)
        .select_related("plan", "building_block", "duplicate_of")
        .prefetch_related("themes")
        .order_by("-created_at")
    )


def own_idea(pk: int, user) -> Idea:
    """One of the person's own contributions (raises ``Idea.DoesNotExist`` for anyone else's)."""
    return Idea.objects.get(pk=pk, author=user)


def call_for_input(plan) -> tuple[Phase | None, bool]:
    """The plan's call-for-input phase, and whether it is open today. During the plan's mid-term
    refresh (its REFRESH phase, started by implementation) the call opens again: that phase then."""
    if not plan:
        return None, False
    today = clock.today()
    phases = {p.kind: p for p in plan.phases.filter(kind__in=[Phase.Kind.CALL_FOR_INPUT, Phase.Kind.REFRESH])}
    refresh = phases.get(Phase.Kind.REFRESH)
    if refresh and refresh.status_on(today) == Phase.Status.CURRENT:
        return refresh, True
    phase = phases.get(Phase.Kind.CALL_FOR_INPUT)
    return phase, bool(phase and phase.status_on(today) == Phase.Status.CURRENT)


def in_refresh(plan, day) -> bool:
    """Whether a contribution received on ``day`` belongs to the plan's refresh (its REFRESH phase)."""
    phase = plan.phases.filter(kind=Phase.Kind.REFRESH).first()
    return bool(phase and phase.status_on(day) == Phase.Status.CURRENT)


def public_building_blocks():
    return BuildingBlock.objects.public().select_related("plan").prefetch_related("themes")


def public_building_block(pk: int) -> BuildingBlock:
    """Raises ``BuildingBlock.DoesNotExist`` for one of a draft plan."""
    return BuildingBlock.objects.public().select_related("plan").get(pk=pk)


def public_ideas_in_block(block: BuildingBlock):
    return public_ideas().filter(building_block=block).order_by("-support_count", "-pk")


def unanswered_public_ideas(plan=None):
    """Public contributions still waiting for an answer, the longest waiting first."""
    ideas = public_ideas().filter(status=Idea.Status.PUBLISHED, outcome="").order_by("published_at", "pk")
    if plan:
        ideas = ideas.filter(plan=plan)
    return ideas


def open_data_ideas():
    """Every public contribution with what the open data shows, in a stable order."""
    return (
        Idea.objects.public()
        .select_related("plan", "session", "organisation", "building_block", "author")
        .prefetch_related("themes")
        .order_by("pk")
    )


def ideas_to_answer(*, show_all: bool = False):
    """Published contributions for the staff answers page: those without an answer, or all."""
    ideas = published_ideas_for_staff().order_by("published_at", "pk")
    if not show_all:
        ideas = ideas.filter(outcome="")
    return ideas


def building_blocks_of_plan(plan):
    return BuildingBlock.objects.filter(plan=plan) if plan else BuildingBlock.objects.none()


def building_block_or_none(pk) -> BuildingBlock | None:
    return BuildingBlock.objects.filter(pk=pk or 0).first()


def building_block(pk: int) -> BuildingBlock:
    """Any building block, drafts too, for staff (raises ``BuildingBlock.DoesNotExist``)."""
    return BuildingBlock.objects.get(pk=pk)


def moderation_log(idea: Idea, *, limit: int = 50):
    return ModerationLog.objects.filter(idea=idea).select_related("actor")[:limit]


def supported_ids(user, ideas) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True))


def idea_for_member(pk: int, user) -> Idea | None:
    """What a contribution's page needs to know of a signed-in person before it is taken from the
    cache (``ideas.views.idea_detail``), in one query: the contribution's status, author and plan's
    status (its permissions) and whether the person supports it (``supported_by_them``)."""
    return (
        Idea.objects.select_related("plan")
        .only("pk", "status", "author_id", "moderated_at", "plan_id", "plan__status")
        .annotate(supported_by_them=Exists(Support.objects.filter(idea=OuterRef("pk"), user=user)))
        .filter(pk=pk)
        .first()
    )


def idea_detail(pk: int) -> Idea:
    """One contribution, for its page and the permission check. Only the plan and the author are
    joined: with every relation joined PostgreSQL spent 6 ms planning the query (an exhaustive
    search over the join orders), against 0.2 ms executing it. Organisation, session, building
    block and the contribution it duplicates are mostly empty; where one is set, the page reads it
    by its key. Themes, duplicates and commitments are read by the page's shared fragment, that is
    only when it is not in the cache (templates/ideas/idea_detail.html)."""
    return Idea.objects.select_related("plan", "author").get(pk=pk)


QUEUE_SHOWS = ("new", "reported")


def moderation_queue(show: str | None = None):
    """New contributions and reported ones, oldest first; ``show`` narrows it to one of the two
    (the links of the staff dashboard)."""
    ideas = Idea.objects.in_queue()
    if show == "new":
        ideas = ideas.filter(status=Idea.Status.NEW)
    elif show == "reported":
        ideas = ideas.filter(status=Idea.Status.PUBLISHED, needs_review=True)
    return (
        ideas.select_related("author", "organisation", "session", "entered_by")
        .prefetch_related("themes", Prefetch("reports", to_attr="open_reports", queryset=_open_reports()))
        .order_by("created_at", "pk")
    )


def _open_reports():
    from ideas.models import Report

    return Report.objects.filter(resolved_at__isnull=True).order_by("created_at")


def what_happened(plan=None):
    """Counts of published contributions per outcome, and per theme and outcome. Three queries.
    Only public ones: without a plan these are the counts over every public plan."""
    ideas = Idea.objects.public().filter(status=Idea.Status.PUBLISHED)
    if plan is not None:
        ideas = ideas.filter(plan=plan)
    by_outcome = dict(ideas.values_list("outcome").annotate(n=Count("pk")).order_by())
    columns = [("", "open"), *Idea.Outcome.choices]
    cells = {
        (theme_id, outcome): n
        for theme_id, outcome, n in ideas.values_list("themes", "outcome").annotate(n=Count("pk")).order_by()
    }
    theme_ids = {theme_id for theme_id, _ in cells if theme_id}
    rows = [
        (theme, [cells.get((theme.pk, value), 0) for value, _ in columns])
        for theme in Theme.objects.filter(pk__in=theme_ids).order_by("name_nl")
    ]
    return {
        "by_outcome": [(value, label, by_outcome.get(value, 0)) for value, label in Idea.Outcome.choices],
        "unanswered": by_outcome.get("", 0),
        "answered": sum(n for k, n in by_outcome.items() if k),
        "outcome_labels": [label for value, label in Idea.Outcome.choices],
        "by_theme": rows,
    }


def idea_reports(idea: Idea):
    """Every report on a contribution, the open ones first, with their reasons and texts."""
    return Report.objects.filter(idea=idea).order_by(F("resolved_at").desc(nulls_first=True), "-created_at")


# --- Finding the original of a duplicate ---------------------------------------------------------

DUPLICATE_CANDIDATES = 20
SIMILAR = 5
_TITLE_WORDS = 12


def _duplicate_candidates(idea: Idea):
    """What a contribution can be marked a duplicate of: another published one of the same plan."""
    return Idea.objects.published().filter(plan_id=idea.plan_id).exclude(pk=idea.pk).only("pk", "title", "text")


def duplicate_search(idea: Idea, text: str) -> list[Idea]:
    """Published contributions of the same plan matching the staff's search, the public search's
    way (full text in Dutch on PostgreSQL, words as substrings on SQLite)."""
    if not text.strip():
        return []
    return list(search(_duplicate_candidates(idea), text).order_by("-published_at", "-pk")[:DUPLICATE_CANDIDATES])


def similar_ideas(idea: Idea, *, limit: int = SIMILAR) -> list[Idea]:
    """Up to ``limit`` published contributions of the same plan that share words with this one's
    title, the most alike first.

    On PostgreSQL: full-text search with the title's words joined by OR, ranked with ``ts_rank``
    (a word in the title weighs more than one in the text). This needs no database extension
    (pg_trgm would), reads the GIN index of migration 0002, and stems Dutch words (``gemeenten``
    finds ``gemeente``); what it misses is typos and parts of compound words, which a moderator
    can still search for. On SQLite, titles sharing a word of four letters or more, newest first."""
    words = re.findall(r"\w+", idea.title)[:_TITLE_WORDS]
    candidates = _duplicate_candidates(idea)
    if connection.vendor == "postgresql":
        if not words:
            return []
        query = "(" + " || ".join(["plainto_tsquery('dutch'::regconfig, %s)"] * len(words)) + ")"
        matches = RawSQL(f"{SEARCH_VECTOR} @@ {query}", words, output_field=BooleanField())  # noqa: S611 - words are parameters
        rank = RawSQL(  # noqa: S611 - words are parameters
            "ts_rank(setweight(to_tsvector('dutch'::regconfig, \"ideas_idea\".\"title\"), 'A') || "
            "setweight(to_tsvector('dutch'::regconfig, \"ideas_idea\".\"text\"), 'D'), " + query + ")",
            words,
            output_field=FloatField(),
        )
        return list(candidates.filter(matches).annotate(rank=rank).order_by("-rank", "-pk")[:limit])
    words = [w for w in words if len(w) >= 4]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    return list(candidates.filter(condition).order_by("-published_at", "-pk")[:limit])
