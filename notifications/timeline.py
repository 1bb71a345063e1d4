"""Jobs that follow the plans' timelines: phase announcements, and the hooks that sessions,
commitments and the forum use for reminders before their dates and deadlines.

An app registers a job in its ``timeline.py`` with ``@timeline_job``. Celery beat runs all jobs
every hour (config/celery_app.py). A job is a function of "today" that writes outbox messages
with idempotency keys, so it is safe to run twice, and it looks at everything that is due rather
than at what happens exactly today, so it catches up on what it missed while it was not running.
"""

import datetime
from collections.abc import Callable, Iterable

from django.utils import translation
from django.utils.module_loading import autodiscover_modules

from core import clock
from notifications.services import Outgoing, messages_enqueue
from plans.guidance import WHAT_YOU_CAN_DO
from plans.models import Phase

_jobs: dict[str, Callable[..., int]] = {}


def timeline_job(func: Callable[..., int]) -> Callable[..., int]:
    _jobs[f"{func.__module__}.{func.__name__}"] = func
    return func


def jobs() -> dict[str, Callable[..., int]]:
    autodiscover_modules("timeline")
    return dict(_jobs)


def run_jobs(today: datetime.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    return {name: job(today=today) for name, job in jobs().items()}


def reminder_due(*, deadline: datetime.date, days_before: Iterable[int], today: datetime.date) -> int | None:
    """Which reminder is due on ``today`` for something that happens on ``deadline``.

    With reminders 7 and 1 days before, the 7-day reminder is due from 7 days before, the 1-day
    one from 1 day before. When the job was not running for a while, only the nearest reminder
    is due (nobody wants the 7-day and the 1-day reminder on the same morning). None once the
    deadline has come.
    """
    if today >= deadline:
        return None
    left = (deadline - today).days
    started = [d for d in days_before if d >= left]
    return min(started) if started else None


# --- Phase announcements --------------------------------------------------------------------------
# The outbox's own job: it lives here, above plans, because plans must not import notifications.

ANNOUNCED = [Phase.Kind.CALL_FOR_INPUT, Phase.Kind.SESSIONS, Phase.Kind.PUBLICATION]
CHUNK = 1000  # followers written (and committed, and queued for sending) together


@timeline_job
def announce_opened_phases(*, today: datetime.date) -> int:
    """Every announced phase that is open today goes to every follower once (key per phase and
    person), so a run that was missed is made up by the next, and a second run sends nothing.

    The followers are written in chunks of ``CHUNK``, each in a transaction of its own (when the
    job runs outside one, as Celery runs it): the first emails go out while the rest are still
    being written. A run that stops halfway is completed by the next, as the keys tell what was
    written already."""
    phases = Phase.objects.filter(
        kind__in=ANNOUNCED, starts_on__lte=today, ends_on__gte=today, plan__status="public"
    ).select_related("plan")
    created = 0
    for phase in phases:
        followers = (
            phase.plan.followers.filter(phase_announcements=True, user__is_active=True)
            .select_related("user")
            .order_by("pk")
        )
        what_you_can_do = {}
        last = 0
        while chunk := list(followers.filter(pk__gt=last)[:CHUNK]):
            last = chunk[-1].pk
            items = []
            for prefs in chunk:
                language = prefs.user.language
                if language not in what_you_can_do:
                    with translation.override(language):
                        what_you_can_do[language] = str(WHAT_YOU_CAN_DO[phase.kind])
                items.append(
                    Outgoing(
                        key=f"phase-opened:{phase.pk}:{prefs.user_id}",
                        kind="phase-opened",
                        to_email=prefs.user.email,
                        template="plans/email/phase_opened",
                        context={"phase": phase, "plan": phase.plan, "what_you_can_do": what_you_can_do[language]},
                        recipient=prefs.user,
                        topic="phase_announcements",
                        plan=phase.plan,
                    )
                )
            created += len(messages_enqueue(items))
    return created
