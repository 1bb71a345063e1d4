"""Timeline job: tell the people who follow a plan when one of its public phases opens."""

import datetime

from notifications.services import Outgoing, messages_enqueue
from notifications.timeline import timeline_job
from plans.guidance import WHAT_YOU_CAN_DO
from plans.models import Phase

ANNOUNCED = [Phase.Kind.CALL_FOR_INPUT, Phase.Kind.SESSIONS, Phase.Kind.PUBLICATION]


@timeline_job
def announce_opened_phases(*, today: datetime.date) -> int:
    """Every announced phase that is open today goes to every follower once (key per phase and
    person), so a run that was missed is made up by the next, and a second run sends nothing."""
    from django.utils import translation

    phases = Phase.objects.filter(
        kind__in=ANNOUNCED, starts_on__lte=today, ends_on__gte=today, plan__status="public"
    ).select_related("plan")
    created = 0
    for phase in phases:
        followers = phase.plan.followers.filter(phase_announcements=True, user__is_active=True).select_related("user")
        items = []
        for prefs in followers:
            with translation.override(prefs.user.language):
                what = str(WHAT_YOU_CAN_DO[phase.kind])
            items.append(
                Outgoing(
                    key=f"phase-opened:{phase.pk}:{prefs.user_id}",
                    kind="phase-opened",
                    to_email=prefs.user.email,
                    template="phase_opened",
                    context={"phase": phase, "plan": phase.plan, "what_you_can_do": what},
                    recipient=prefs.user,
                    topic="phase_announcements",
                    plan=phase.plan,
                )
            )
        created += len(messages_enqueue(items))
    return created
