"""Timeline job: remind confirmed participants before their session (7 and 1 days by default,
configurable per session)."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from core import clock
from notifications.services import messages_enqueue
from notifications.timeline import reminder_due, timeline_job
from sessions.models import Registration, Session

# Reminders are never sent further ahead than this (the form allows at most 60 days).
HORIZON = datetime.timedelta(days=61)


@timeline_job
def remind_session_participants(*, today: datetime.date) -> int:
    """Every reminder that is due today goes out once (key per registration, reminder and day):
    a second run sends nothing, and after downtime only the nearest reminder is sent."""
    from sessions.services import reminder_message

    # Sessions from tomorrow on: on the day itself no reminder is due any more.
    start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    sessions = (
        Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=start + HORIZON)
        .exclude(reminder_days="")
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(status=Registration.Status.CONFIRMED).select_related("person"),
                to_attr="confirmed",
            )
        )
    )
    items = []
    for session in sessions:
        days = reminder_due(
            deadline=clock.localdate(session.starts_at), days_before=session.reminder_days_list, today=today
        )
        if days is None:
            continue
        for registration in session.confirmed:
            registration.session = session
            items.append(reminder_message(registration, days, today=today))
    return len(messages_enqueue(items))
