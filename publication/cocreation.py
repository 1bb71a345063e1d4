"""The co-creation report: "what we heard, what we did, and why" (issue 14, point 4).

Compiled from the trail the platform keeps: the building blocks with the contributions they group
and the commitments they led to, the contributions not taken up with their outcome and public
answer, the forum's decisions (remarks on drafts with the answers and reasons of closed review
rounds, meetings with published minutes), and figures by theme, channel and kind of organisation.

``render_report(plan, language)`` returns the report's BODY as an HTML string (no page chrome),
rendered in ``language``: the staff preview wraps it in the site's page, the publish service
freezes it into ``VersionDocument`` rows and the PDF task wraps it in a print document.

Only what is public goes in: published contributions (never their authors), commitments that are
final or published, the remarks of closed review rounds that passed moderation (forum members by
kind of organisation and organisation, never by name; participants of the public consultation not
named at all), meetings whose minutes are published. Links are absolute (``SITE_URL``) so that
they still lead somewhere from the PDF.

The cost is a fixed number of queries whatever the size of the plan (``QUERIES``): every list is
one query, grouped counts are done by the database, and nothing is read per row.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Organisation
from commitments.content import field_label
from commitments.models import Commitment
from core import clock
from core.i18n import localized_value
from ideas.models import BuildingBlock, Idea
from sessions.models import Registration, Session
from stakeholders.models import ForumMember, Meeting, Remark, ReviewRound, RoundCommitment

TEMPLATE = "publication/cocreation_report.html"

# The queries of ``report_context``, whatever the amount of data (tests/publication/test_cocreation.py).
QUERIES = 16

# Commitments the report may name: the plan's final text, before and after publication.
REPORTED_COMMITMENTS = (Commitment.Status.FINAL, Commitment.Status.PUBLISHED)

# Outcomes of contributions that were not (fully) taken up, in the order the report lists them.
NOT_TAKEN_UP = (Idea.Outcome.PARTLY, Idea.Outcome.NOT_TAKEN_UP, Idea.Outcome.OUT_OF_SCOPE)
TAKEN_UP = (Idea.Outcome.BUILDING_BLOCK, Idea.Outcome.COMMITMENT)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _choices(choices) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in choices]


@dataclass(frozen=True)
class Counts:
    """Counts of contributions, with the labels in the report's language: in total, by kind and by
    channel (every kind and channel, zeros included, in the order of their choices: tables line up;
    ``kinds_used`` and ``channels_used`` leave the zeros out)."""

    total: int
    by_kind: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]

    @property
    def kinds_used(self) -> list[tuple[str, int]]:
        return [(label, n) for label, n in self.by_kind if n]

    @property
    def channels_used(self) -> list[tuple[str, int]]:
        return [(label, n) for label, n in self.by_channel if n]


@dataclass
class Tally:
    """Counts being added up; ``counts()`` gives them with their labels in the active language."""

    total: int = 0
    kinds: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)

    def add(self, kind: str, channel: str, n: int) -> None:
        self.total += n
        self.kinds[kind] += n
        self.channels[channel] += n

    def counts(self) -> Counts:
        return Counts(
            self.total,
            [(label, self.kinds[value]) for value, label in _choices(Idea.Kind.choices)],
            [(label, self.channels[value]) for value, label in _choices(Idea.Channel.choices)],
        )


@dataclass
class CommitmentLine:
    identifier: str
    title: str
    url: str
    lead: str
    blocks: list[str] = field(default_factory=list)
    contributions: int = 0  # public contributions it draws on directly


@dataclass
class BlockSection:
    anchor: str
    title: str
    summary: str
    url: str
    counts: Counts
    commitments: list[CommitmentLine]


@dataclass
class NotTakenUp:
    number: int
    title: str
    url: str
    kind: str
    channel: str
    response: str


@dataclass
class RemarkLine:
    about: str
    text: str
    source: str
    answer: str  # the code: adopted, partly, not_adopted, or empty while unanswered
    answer_label: str
    reason: str


@dataclass
class ItemLine:
    """One commitment in a review round: its remarks and how they were answered."""

    identifier: str
    title: str
    remarks: list[RemarkLine] = field(default_factory=list)

    def answered(self, answer: str) -> int:
        return sum(1 for r in self.remarks if r.answer == answer)


@dataclass
class RoundSection:
    anchor: str
    title: str
    opens_on: datetime.date
    deadline: datetime.date
    url: str
    items: list[ItemLine]

    @property
    def remarks(self) -> int:
        return sum(len(item.remarks) for item in self.items)


def _title(obj, language: str) -> str:
    return localized_value(obj, "title", language)


def _remark_source(remark: Remark) -> str:
    """Who made a remark, without a name: the public consultation, or the forum member's kind of
    organisation (their sector) and organisation."""
    if remark.is_public:
        return _("A participant in the public consultation")
    seat = remark.review.seat if remark.review_id else None
    if seat is None:
        return _("A forum member")
    sector = seat.get_sector_display()
    if seat.organisation_id:
        return _("Forum member (%(sector)s, %(organisation)s)") % {
            "sector": sector,
            "organisation": seat.organisation.name,
        }
    return _("Forum member (%(sector)s)") % {"sector": sector}


def _remark_about(remark: Remark, language: str) -> str:
    if remark.milestone_id:
        return _("Milestone: %(text)s") % {"text": localized_value(remark.milestone, "description", language)}
    if remark.field:
        try:
            return field_label(remark.field)
        except FieldDoesNotExist:  # a field that no longer exists: its name is better than nothing
            return remark.field
    return ""


def _sort_key(text: str) -> str:
    return text.casefold()


def report_context(plan, language: str) -> dict:
    """Everything the report shows, in ``language``, in ``QUERIES`` queries."""
    with translation.override(language):
        return _context(plan, language)


def _context(plan, language: str) -> dict:
    now = clock.now()
    today = clock.localdate(now)
    public_ideas = Idea.objects.filter(plan=plan, status=Idea.Status.PUBLISHED)

    # 1. The building blocks.
    blocks = list(BuildingBlock.objects.filter(plan=plan))

    # 2. Contributions counted by building block, kind, channel and outcome (duplicates apart: they
    # are counted once, with the contribution they repeat).
    per_block: dict[int | None, Tally] = defaultdict(Tally)
    total = Tally()
    outcomes: Counter = Counter()
    duplicates = answered = 0
    rows = (
        Idea.objects.filter(plan=plan, status__in=[Idea.Status.PUBLISHED, Idea.Status.DUPLICATE])
        .values_list("status", "building_block", "kind", "channel", "outcome")
        # A reasoned response is an outcome with a public answer (as the OGP check counts it).
        .annotate(n=Count("pk"), answered=Count("pk", filter=~Q(outcome="") & ~Q(response="")))
        .order_by()
    )
    for status, block_id, kind, channel, outcome, n, with_answer in rows:
        if status == Idea.Status.DUPLICATE:
            duplicates += n
            continue
        per_block[block_id].add(kind, channel, n)
        total.add(kind, channel, n)
        outcomes[outcome] += n
        answered += with_answer

    # 3. By theme and outcome (a many-to-many: a contribution counts under each of its themes).
    themes: dict[int | None, dict] = {}
    theme_rows = (
        public_ideas.values_list("themes", "themes__name_nl", "themes__name_en", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for theme_id, name_nl, name_en, outcome, n in theme_rows:
        name = (name_en if language == "en" and name_en else name_nl) or _("No theme")
        row = themes.setdefault(theme_id, {"name": name, "total": 0, "taken": 0, "partly": 0, "not": 0, "open": 0})
        row["total"] += n
        if outcome in TAKEN_UP:
            row["taken"] += n
        elif outcome == Idea.Outcome.PARTLY:
            row["partly"] += n
        elif outcome:
            row["not"] += n
        else:
            row["open"] += n

    # 4. By kind of organisation they were sent on behalf of.
    organisation_kinds = Counter(
        dict(public_ideas.values_list("organisation__kind").annotate(n=Count("pk")).order_by())
    )

    # 5. The contributions not (fully) taken up, with the public answer.
    not_taken = defaultdict(list)
    for idea in (
        public_ideas.filter(outcome__in=NOT_TAKEN_UP)
        .only("pk", "title", "kind", "channel", "outcome", "response")
        .order_by("pk")
    ):
        not_taken[idea.outcome].append(
            NotTakenUp(
                idea.pk,
                idea.title,
                _absolute(idea.get_absolute_url()),
                idea.get_kind_display(),
                idea.get_channel_display(),
                idea.response,
            )
        )

    # 6-9. The commitments, what they draw on and their themes.
    commitments = list(
        Commitment.objects.filter(plan=plan, status__in=REPORTED_COMMITMENTS)
        .select_related("lead_organisation")
        .order_by("sequence")
    )
    lines = {
        c.pk: CommitmentLine(
            c.identifier, _title(c, language), _absolute(c.get_absolute_url()), c.lead_organisation.name
        )
        for c in commitments
    }
    block_titles = {b.pk: _title(b, language) for b in blocks}
    commitments_of_block = defaultdict(list)
    links = Commitment.building_blocks.through.objects.filter(
        commitment__plan=plan, commitment__status__in=REPORTED_COMMITMENTS
    ).values_list("commitment_id", "buildingblock_id")
    for commitment_id, block_id in links.order_by("commitment__sequence", "buildingblock_id"):
        commitments_of_block[block_id].append(lines[commitment_id])
        lines[commitment_id].blocks.append(block_titles.get(block_id, ""))
    drawn = (
        Commitment.contributions.through.objects.filter(
            commitment__plan=plan, commitment__status__in=REPORTED_COMMITMENTS, idea__status=Idea.Status.PUBLISHED
        )
        .values_list("commitment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for commitment_id, n in drawn:
        lines[commitment_id].contributions = n
    commitment_themes = Commitment.themes.through.objects.filter(
        commitment__plan=plan, commitment__status__in=REPORTED_COMMITMENTS
    ).values_list("theme_id", "theme__name_nl", "theme__name_en")
    commitments_per_theme = Counter()
    for theme_id, name_nl, name_en in commitment_themes:
        commitments_per_theme[theme_id] += 1
        themes.setdefault(
            theme_id,
            {
                "name": name_en if language == "en" and name_en else name_nl,
                "total": 0,
                "taken": 0,
                "partly": 0,
                "not": 0,
                "open": 0,
            },
        )
    for theme_id, row in themes.items():
        row["commitments"] = commitments_per_theme[theme_id]
    # Themes by name, "no theme" last.
    theme_table = sorted(themes.values(), key=lambda r: (r["name"] == _("No theme"), _sort_key(r["name"])))

    block_sections = [
        BlockSection(
            f"block-{block.pk}",
            block_titles[block.pk],
            localized_value(block, "summary", language),
            _absolute(block.get_absolute_url()),
            per_block.get(block.pk, Tally()).counts(),
            commitments_of_block.get(block.pk, []),
        )
        for block in sorted(blocks, key=lambda b: _sort_key(block_titles[b.pk]))
    ]
    ungrouped = per_block.get(None, Tally()).counts()

    # 10-11. Sessions and who took part, by kind of organisation.
    sessions = list(
        Session.objects.filter(plan=plan).exclude(status=Session.Status.CANCELLED).with_counts().order_by("starts_at")
    )
    participants = {
        kind: (n, attended)
        for kind, n, attended in Registration.objects.filter(
            session__plan=plan, session__status=Session.Status.SCHEDULED, status=Registration.Status.CONFIRMED
        )
        .values_list("organisation_kind")
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by()
    }

    # 12. The forum's seats by sector.
    seats = Counter(
        dict(ForumMember.objects.filter(plan=plan).values_list("sector").annotate(n=Count("pk")).order_by())
    )

    # 13-15. Closed review rounds (their decision logs are public), with the commitments reviewed
    # and the remarks that passed moderation.
    closed = ReviewRound.objects.filter(plan=plan).filter(Q(closed_at__isnull=False) | Q(deadline__lt=today))
    rounds = {r.pk: r for r in closed.order_by("opens_on", "pk")}
    for r in rounds.values():
        r.plan = plan  # the decision log's address names the plan: no query per round
    items = {}
    items_of_round = defaultdict(list)
    for item in (
        RoundCommitment.objects.filter(round__in=closed)
        .select_related("commitment")
        .order_by("round_id", "commitment__sequence")
    ):
        line = ItemLine(item.commitment.identifier, _title(item.commitment, language))
        items[item.pk] = line
        items_of_round[item.round_id].append(line)
    remarks = (
        Remark.objects.filter(item__round__in=closed, moderation=Remark.Moderation.APPROVED)
        .select_related("milestone", "review__seat__organisation")
        .order_by("created_at", "pk")
    )
    for remark in remarks:
        items[remark.item_id].remarks.append(
            RemarkLine(
                _remark_about(remark, language),
                remark.text,
                _remark_source(remark),
                remark.answer,
                remark.get_answer_display() if remark.answer else "",
                remark.reason,
            )
        )
    round_sections = [
        RoundSection(
            f"round-{r.pk}", r.title, r.opens_on, r.deadline, _absolute(r.decision_log_url), items_of_round[r.pk]
        )
        for r in rounds.values()
    ]

    # 16. Forum meetings held, and those with published minutes.
    meetings = []
    for m in Meeting.objects.filter(plan=plan, starts_at__lte=now).order_by("starts_at"):
        m.plan = plan  # its address names the plan: no query per meeting
        meetings.append(
            {
                "title": localized_value(m, "title", language),
                "day": clock.localdate(m.starts_at),
                "minutes": m.minutes_published_at is not None and m.minutes_published_at <= now,
                "url": _absolute(m.get_absolute_url()),
            }
        )

    kinds_of_organisation = [(Registration.INDIVIDUAL, _("Private individual")), *_choices(Organisation.Kind.choices)]
    organisation_table = [
        {
            "label": label,
            # A contribution on behalf of no organisation comes from a private individual.
            "contributions": organisation_kinds[None if value == Registration.INDIVIDUAL else value],
            "registered": participants.get(value, (0, 0))[0],
            "attended": participants.get(value, (0, 0))[1],
            "seats": seats[value],
            "leads": sum(1 for c in commitments if c.lead_organisation.kind == value),
        }
        for value, label in kinds_of_organisation
    ]

    outcome_table = [(label, outcomes[value]) for value, label in _choices(Idea.Outcome.choices)]
    sections = {
        "summary": "summary",
        "blocks": "building-blocks",
        "commitments": "commitments",
        "not_taken_up": "not-taken-up",
        "forum": "forum",
        "figures": "figures",
    }
    return {
        "plan": plan,
        "language": language,
        "plan_title": localized_value(plan, "title", language),
        "plan_url": _absolute(plan.get_absolute_url()),
        "compiled_on": today,
        "sections": sections,
        "total": total.counts(),
        "duplicates": duplicates,
        "answered": answered,
        "unanswered": total.total - answered,
        "no_outcome": outcomes[""],
        "outcomes": outcome_table,
        "blocks": block_sections,
        "ungrouped": ungrouped,
        "commitments": list(lines.values()),
        "not_taken_up": [
            (str(Idea.Outcome(outcome).label), f"not-taken-up-{outcome}", not_taken[outcome])
            for outcome in NOT_TAKEN_UP
            if not_taken[outcome]
        ],
        "not_taken_up_count": sum(len(v) for v in not_taken.values()),
        "rounds": round_sections,
        "meetings": meetings,
        "minutes": sum(1 for m in meetings if m["minutes"]),
        "sessions": sessions,
        "session_participants": sum(n for n, _attended in participants.values()),
        "session_attended": sum(attended for _n, attended in participants.values()),
        "themes": theme_table,
        "organisations": organisation_table,
        "remark_answers": _choices(Remark.Answer.choices),
    }


def render_report(plan, language: str) -> str:
    """The report's BODY (semantic HTML, no page chrome) in ``language``, from the data as it is
    now. The publish service freezes what this returns; it is never recompiled for a version."""
    with translation.override(language):
        return render_to_string(TEMPLATE, _context(plan, language))
