"""Progress of a published plan, computed from the accepted progress reports (reads only).

- A milestone's status is its latest accepted report (by the report's date, then the newest row);
  a milestone without one has not started.
- A commitment's completion follows from its milestones: each milestone scores on OGP's scale
  (not started 0, limited 1, substantial 2, completed 3 of 3) and the commitment's percentage is
  the mean of its milestones' scores. Withdrawn milestones leave the mean: they are no longer
  part of what the commitment promises. Its level on the same scale: 0 % not started, 100 %
  completed, below half limited, from half substantial; withdrawn when every milestone is.
- A theme's completion is the mean of its commitments' percentages.
- Overdue: a reporting round of the plan whose deadline has passed without the commitment's report
  being in, by the reporting rounds' one definition (``implementation.rounds``: every open
  milestone has a report in the round, waiting for a check or accepted; a report sent back does
  not count). ``overdue_rounds`` reads it from ``implementation.rounds.round_statuses``.

Every function here costs a fixed number of queries, whatever the number of commitments.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from commitments.models import Commitment
from core import clock
from implementation.models import Completion, Evidence, ProgressReport, ReportingRound

SCORES = {
    Completion.NOT_STARTED: 0,
    Completion.LIMITED: 1,
    Completion.SUBSTANTIAL: 2,
    Completion.COMPLETED: 3,
}
TOP_SCORE = 3


def percent_of(completions: list[str]) -> int | None:
    """The completion in percent of milestones with these statuses; None if all are withdrawn
    (or there are none)."""
    scores = [SCORES[Completion(c)] for c in completions if c != Completion.WITHDRAWN]
    if not scores:
        return None
    return round(100 * sum(scores) / (TOP_SCORE * len(scores)))


def level_of(percent: int | None) -> Completion:
    if percent is None:
        return Completion.WITHDRAWN
    if percent == 0:
        return Completion.NOT_STARTED
    if percent == 100:
        return Completion.COMPLETED
    return Completion.SUBSTANTIAL if percent >= 50 else Completion.LIMITED


@dataclass
class MilestoneProgress:
    milestone: object
    history: list  # accepted reports, newest first

    @property
    def latest(self) -> ProgressReport | None:
        return self.history[0] if self.history else None

    @property
    def completion(self) -> Completion:
        return Completion(self.latest.completion) if self.latest else Completion.NOT_STARTED

    @property
    def is_withdrawn(self) -> bool:
        return self.completion == Completion.WITHDRAWN


@dataclass
class CommitmentProgress:
    commitment: Commitment
    milestones: list[MilestoneProgress]
    missed_rounds: list = field(default_factory=list)  # passed rounds without its report

    @property
    def percent(self) -> int | None:
        return percent_of([m.completion for m in self.milestones])

    @property
    def level(self) -> Completion:
        return level_of(self.percent)

    @property
    def last_reported_on(self) -> datetime.date | None:
        dates = [m.latest.reported_on for m in self.milestones if m.latest]
        return max(dates) if dates else None

    @property
    def overdue(self) -> bool:
        return bool(self.missed_rounds)


@dataclass
class ThemeProgress:
    theme: object
    commitments: int
    percent: int | None


@dataclass
class PlanProgress:
    plan: object
    commitments: list[CommitmentProgress]
    themes: list[ThemeProgress]

    @property
    def percent(self) -> int | None:
        percents = [c.percent for c in self.commitments if c.percent is not None]
        return round(sum(percents) / len(percents)) if percents else None

    @property
    def overdue(self) -> list[CommitmentProgress]:
        return [c for c in self.commitments if c.overdue]


def accepted_history(milestone_ids, *, with_evidence: bool = False) -> dict[int, list[ProgressReport]]:
    """Accepted reports per milestone, newest first (one query; two with their evidence)."""
    reports = ProgressReport.objects.accepted().filter(milestone_id__in=list(milestone_ids))
    if with_evidence:
        reports = reports.prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    history = defaultdict(list)
    for report in reports.order_by("milestone_id", "-reported_on", "-pk"):
        history[report.milestone_id].append(report)
    return history


def overdue_rounds(plan, *, today: datetime.date | None = None) -> dict[int, list[ReportingRound]]:
    """Per published commitment of the plan, the rounds whose deadline has passed without its
    report being in, oldest first; commitments that missed none are left out. "In" is the
    reporting rounds' one definition (``implementation.rounds.round_statuses``: every open
    milestone has a report that was not sent back). Five queries."""
    from implementation.rounds import round_statuses

    today = today or clock.today()
    rounds = list(plan.reporting_rounds.filter(deadline__lt=today).order_by("deadline", "pk"))
    statuses = round_statuses(rounds)
    missed: dict[int, list[ReportingRound]] = defaultdict(list)
    for reporting_round in rounds:
        for status in statuses[reporting_round.pk].commitments:
            if not status.is_in:
                missed[status.commitment.pk].append(reporting_round)
    return dict(missed)


def commitments_reported(reporting_round) -> set[int]:
    """Ids of the commitments whose report is in for the round (``overdue_rounds``' definition)."""
    from implementation.rounds import round_status

    return {s.commitment.pk for s in round_status(reporting_round).commitments if s.is_in}


def commitment_progress(commitment, *, with_evidence: bool = True) -> CommitmentProgress:
    """One commitment's milestones with their accepted history (and evidence): three queries."""
    milestones = list(commitment.milestones.all())
    history = accepted_history([m.pk for m in milestones], with_evidence=with_evidence)
    return CommitmentProgress(
        commitment=commitment,
        milestones=[MilestoneProgress(milestone=m, history=history.get(m.pk, [])) for m in milestones],
    )


def plan_progress(plan, *, today: datetime.date | None = None) -> PlanProgress:
    """Every published commitment of the plan with its completion, last report and missed rounds,
    and the completion per theme: commitments, milestones, themes, reports, and the passed rounds
    with whether each commitment's report is in (nine queries)."""
    commitments = list(
        Commitment.objects.published()
        .filter(plan=plan)
        .select_related("lead_organisation")
        .prefetch_related("milestones", "themes")
        .order_by("sequence")
    )
    history = accepted_history(m.pk for c in commitments for m in c.milestones.all())
    missed = overdue_rounds(plan, today=today)
    rows = [
        CommitmentProgress(
            commitment=c,
            milestones=[MilestoneProgress(milestone=m, history=history.get(m.pk, [])) for m in c.milestones.all()],
            missed_rounds=missed.get(c.pk, []),
        )
        for c in commitments
    ]
    by_theme = defaultdict(list)
    themes = {}
    for row in rows:
        for theme in row.commitment.themes.all():
            themes[theme.pk] = theme
            by_theme[theme.pk].append(row)
    theme_rows = []
    for theme_id, members in by_theme.items():
        percents = [r.percent for r in members if r.percent is not None]
        theme_rows.append(
            ThemeProgress(
                theme=themes[theme_id],
                commitments=len(members),
                percent=round(sum(percents) / len(percents)) if percents else None,
            )
        )
    theme_rows.sort(key=lambda t: t.theme.name_nl)
    return PlanProgress(plan=plan, commitments=rows, themes=theme_rows)


def latest_status(milestone) -> Completion:
    """A milestone's status now: its latest accepted report's (one query)."""
    report = ProgressReport.objects.accepted().filter(milestone=milestone).order_by("-reported_on", "-pk").first()
    return Completion(report.completion) if report else Completion.NOT_STARTED


def open_round(plan, *, today: datetime.date | None = None) -> ReportingRound | None:
    """The round a report made today belongs to by default: the latest one that has opened."""
    today = today or clock.today()
    return plan.reporting_rounds.filter(opens_on__lte=today).order_by("-opens_on", "-pk").first()
