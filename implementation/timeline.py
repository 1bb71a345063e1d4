"""Timeline jobs of the reporting rounds (#15.3): the invitation to report when a round opens,
reminders 14 and 3 days before its deadline, and the notice the day after the deadline, each to the
members of the lead organisation of every published commitment whose report is not in
(``implementation.rounds``).

Each message goes out once: its outbox key names the round, the person and (for a reminder) the
reminder, so a second run of the tick, or a second day in the same reminder's window, sends
nothing. A job looks at everything that is due, not only at what falls exactly today, so a run
missed while the platform was down is made up by the next: the invitation while the round is
open, only the nearest reminder, and the overdue notice within ``OVERDUE_WINDOW`` days."""

import datetime

from implementation.models import ReportingRound
from implementation.rounds import (
    OVERDUE_WINDOW,
    REMINDER_DAYS,
    invitations,
    overdue_notices,
    reminder_days,
    reminders,
    round_statuses,
)
from notifications.services import messages_enqueue
from notifications.timeline import timeline_job
from plans.models import ActionPlan


def _rounds(**filters) -> list[ReportingRound]:
    return list(ReportingRound.objects.filter(plan__status=ActionPlan.Status.PUBLIC, **filters).select_related("plan"))


@timeline_job
def invite_to_report(*, today: datetime.date) -> int:
    """Every round that is open today: its invitation, once per person (key per round and person)."""
    rounds = _rounds(opens_on__lte=today, deadline__gte=today)
    statuses = round_statuses(rounds)
    items = []
    for reporting_round in rounds:
        items += invitations(reporting_round, today=today, status=statuses[reporting_round.pk])
    return len(messages_enqueue(items))


@timeline_job
def remind_to_report(*, today: datetime.date) -> int:
    """14 and 3 days before the deadline, to those whose report is not in (key per round, person
    and reminder); after downtime only the nearest reminder."""
    rounds = _rounds(
        opens_on__lte=today, deadline__gt=today, deadline__lte=today + datetime.timedelta(days=max(REMINDER_DAYS))
    )
    due = {r.pk: days for r in rounds if (days := reminder_days(r, today)) is not None}
    statuses = round_statuses([r for r in rounds if r.pk in due])
    items = []
    for pk, days in due.items():
        items += reminders(statuses[pk], days=days, today=today)
    return len(messages_enqueue(items))


@timeline_job
def notify_overdue_reports(*, today: datetime.date) -> int:
    """From the day after the deadline, to those whose report is still not in (key per round and
    person). Not for rounds long past: a platform started after months must not send old news."""
    rounds = _rounds(deadline__lt=today, deadline__gte=today - datetime.timedelta(days=OVERDUE_WINDOW))
    statuses = round_statuses(rounds)
    items = []
    for reporting_round in rounds:
        items += overdue_notices(statuses[reporting_round.pk], today=today)
    return len(messages_enqueue(items))
