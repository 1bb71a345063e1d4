"""Reads of contributions, each at a fixed number of queries whatever the amount of data."""

from django.db.models import Count, Prefetch

from ideas.models import Idea, Support
from plans.models import Theme


def public_ideas():
    return (
        Idea.objects.public()
        .select_related("organisation", "session", "building_block", "author")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name_nl")))
    )


def supported_ids(user, ideas) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True))


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
    """Counts of published contributions per outcome, and per theme and outcome. Three queries."""
    ideas = Idea.objects.published()
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
