"""The platform's notion of "today".

Phases and deadlines follow from the date, never from a switch. ``PLATFORM_TODAY`` (a setting
read from the environment) pins that date so the demo can show the platform as it was on any day
of a plan's timeline, e.g. ``PLATFORM_TODAY=2022-09-20 make run`` shows the co-creation sessions.
Production always uses the real date.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def pinned_date() -> datetime.date | None:
    value = getattr(settings, "PLATFORM_TODAY", "")
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def today() -> datetime.date:
    return pinned_date() or timezone.localdate()


def now() -> datetime.datetime:
    """The current moment; on a pinned date, that date at the current time of day."""
    current = timezone.localtime()
    pinned = pinned_date()
    if pinned is None:
        return current
    return current.replace(year=pinned.year, month=pinned.month, day=pinned.day)


def localdate(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()
