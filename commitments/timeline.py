"""Timeline job: remind action holders of commitments still in draft before the drafting deadline
(the end of the plan's drafting phase), 7 days and 1 day before."""

import datetime

from accounts.models import Membership
from commitments.models import Commitment
from notifications.services import Outgoing, messages_enqueue
from notifications.timeline import reminder_due, timeline_job
from plans.models import Phase

REMINDER_DAYS = (7, 1)


@timeline_job
def remind_drafting_deadline(*, today: datetime.date) -> int:
    """Each member of the lead organisation gets one reminder per draft commitment per reminder
    (key per commitment, person and days), so a second run sends nothing and a missed run is
    made up by the next (only the nearest reminder, see ``reminder_due``)."""
    phases = Phase.objects.filter(
        kind=Phase.Kind.DRAFTING, ends_on__gt=today, ends_on__lte=today + datetime.timedelta(days=max(REMINDER_DAYS))
    ).select_related("plan")
    created = 0
    for phase in phases:
        days = reminder_due(deadline=phase.ends_on, days_before=REMINDER_DAYS, today=today)
        if days is None:
            continue
        drafts = list(Commitment.objects.drafts().filter(plan=phase.plan).select_related("plan", "lead_organisation"))
        members: dict[int, list] = {}
        for membership in Membership.objects.filter(
            organisation__in={c.lead_organisation_id for c in drafts}, user__is_active=True
        ).select_related("user"):
            members.setdefault(membership.organisation_id, []).append(membership.user)
        items = [
            Outgoing(
                key=f"drafting-reminder:{commitment.pk}:{user.pk}:{days}",
                kind="drafting-reminder",
                to_email=user.email,
                template="commitments/email/commitment_drafting_reminder",
                # The key names the configured reminder (sent once), the text the days really left:
                # a reminder sent late after downtime must not say "in 7 days" two days before.
                context={
                    "commitment": commitment,
                    "plan": phase.plan,
                    "deadline": phase.ends_on,
                    "days": (phase.ends_on - today).days,
                },
                recipient=user,
                plan=phase.plan,
            )
            for commitment in drafts
            for user in members.get(commitment.lead_organisation_id, [])
        ]
        created += len(messages_enqueue(items))
    return created
