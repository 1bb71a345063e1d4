"""One way to show a date and a moment, everywhere: in local time (``TIME_ZONE``, Europe/Amsterdam),
with month names in the active language, and ``<time datetime>`` values without microseconds (the
Nu Html Checker rejects those). Templates use the filters and the ``time_tag`` tag of
``core.templatetags.platform``; Python code (form labels, model ``__str__``) calls these directly.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

DATE_FORMAT = "j F Y"  # 21 september 2022 / 21 September 2022
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def show_date(value) -> str:
    """The (local) day of a date or a moment: ``21 september 2022``."""
    return date_format(_local(value), DATE_FORMAT) if value else ""


def show_time(value) -> str:
    """The local clock time of a moment: ``14:30``."""
    return date_format(_local(value), TIME_FORMAT) if value else ""


def show_datetime(value) -> str:
    """A moment in local time: ``21 september 2022, 14:30``; a plain date shows as a date."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return show_date(value)
    return date_format(_local(value), DATETIME_FORMAT)


def iso_local(value) -> str:
    """The machine-readable value of a ``<time datetime>``: ``2022-09-21T01:30:00+02:00`` for a
    moment (local time, whole seconds), ``2022-09-21`` for a date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).replace(microsecond=0).isoformat()
    return value.isoformat()
