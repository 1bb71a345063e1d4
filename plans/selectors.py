import datetime
from dataclasses import dataclass, field

from core import clock
from plans.models import ActionPlan, Event, Phase


@dataclass
class Timeline:
    plan: ActionPlan
    today: datetime.date
    phases: list[Phase]
    events: list[Event]
    current: list[Phase] = field(default_factory=list)
    next_phase: Phase | None = None

    @property
    def upcoming_events(self) -> list[Event]:
        return [e for e in self.events if e.is_upcoming]


def plan_current(*, today: datetime.date | None = None, include_drafts: bool = False) -> ActionPlan | None:
    """The plan people are working on now: the newest whose timeline covers today, else the newest
    that is still to come, else the newest plan there is."""
    today = today or clock.today()
    plans = ActionPlan.objects.with_span().order_by("-number")
    if not include_drafts:
        plans = plans.public()
    return (
        plans.filter(timeline_start__lte=today, timeline_end__gte=today).first()
        or plans.filter(timeline_start__gt=today).order_by("timeline_start").first()
        or plans.first()
    )


def plan_timeline(*, plan: ActionPlan, today: datetime.date | None = None) -> Timeline:
    """The plan's phases and events, each marked past, current or upcoming. Two queries."""
    today = today or clock.today()
    phases = list(plan.phases.all())
    events = list(plan.events.all())
    for phase in phases:
        phase.status = Phase.Status(phase.status_on(today))
    for event in events:
        event.is_upcoming = clock.localdate(event.starts_at) >= today
    current = [p for p in phases if p.status == Phase.Status.CURRENT]
    upcoming = [p for p in phases if p.status == Phase.Status.UPCOMING]
    return Timeline(
        plan=plan,
        today=today,
        phases=phases,
        events=events,
        current=current,
        next_phase=min(upcoming, key=lambda p: p.starts_on, default=None),
    )
