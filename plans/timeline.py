"""Timeline job: tell the people who follow a plan when one of its public phases opens."""

import datetime

from notifications.services import Outgoing, messages_enqueue
from notifications.timeline import timeline_job
from plans.guidance import WHAT_YOU_CAN_DO
from plans.models import Phase

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
    from django.utils import translation

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
