"""Jobs that follow the plans' timelines: phase announcements, and the hooks that sessions,
commitments and the forum use for reminders before their dates and deadlines.

An app registers a job in its ``timeline.py`` with ``@timeline_job``. Celery beat runs all jobs
every hour (config/celery_app.py). A job is a function of "today" that writes outbox messages
with idempotency keys, so it is safe to run twice, and it looks at everything that is due rather
than at what happens exactly today, so it catches up on what it missed while it was not running.
"""

import datetime
from collections.abc import Callable, Iterable

from django.utils.module_loading import autodiscover_modules

from core import clock

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
