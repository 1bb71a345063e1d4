"""Timeline jobs of the forum: meeting reminders 7 and 1 days before, the warning to process
owners 30 days before a six-month gap between meetings would open, and reminders to reviewers 7
days and 1 day before a round's deadline, once, while they have not reviewed every commitment
assigned to them."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from core import clock
from notifications.services import messages_enqueue
from notifications.timeline import reminder_due, timeline_job
from plans.models import ActionPlan
from stakeholders.models import ForumMember, Meeting, Review, ReviewRound, RoundCommitment
from stakeholders.selectors import current_seats, plan_rhythm
from stakeholders.services import meeting_reminder, review_message, rhythm_warning

REMINDER_DAYS = (7, 1)
RHYTHM_WARNING_DAYS = 30


@timeline_job
def remind_forum_members(*, today: datetime.date) -> int:
    """Each reminder goes out once (key per seat, reminder and meeting day); after downtime only
    the nearest one, and its text says how many days are really left."""

    start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    meetings = Meeting.objects.filter(
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=max(REMINDER_DAYS) + 1)
    ).select_related("plan")
    items = []
    for meeting in meetings:
        days = reminder_due(deadline=clock.localdate(meeting.starts_at), days_before=REMINDER_DAYS, today=today)
        if days is None:
            continue
        for seat in current_seats(meeting.plan, today).select_related("user").filter(user__is_active=True):
            items.append(meeting_reminder(seat, meeting, days, today=today))
    return len(messages_enqueue(items))


@timeline_job
def warn_forum_rhythm(*, today: datetime.date) -> int:
    """30 days before the forum would go six months without a meeting, and none is planned in
    time, the process owners hear of it once (the key names the due date)."""

    items = []
    for plan in ActionPlan.objects.public().filter(forum_meetings__isnull=False).distinct():
        rhythm = plan_rhythm(plan, today)
        if rhythm.due is None or rhythm.due < today:
            continue
        planned_in_time = rhythm.next is not None and clock.localdate(rhythm.next.starts_at) <= rhythm.due
        if not planned_in_time and (rhythm.due - today).days <= RHYTHM_WARNING_DAYS:
            items += rhythm_warning(plan, rhythm.due, today=today)
    return len(messages_enqueue(items))


# --- Review rounds ---


@timeline_job
def remind_reviewers(*, today: datetime.date) -> int:
    """Key per round, reviewer and reminder: a second run (or a second day within the same
    reminder's window) sends nothing; after downtime only the nearest reminder goes out."""

    rounds = (
        ReviewRound.objects.filter(closed_at__isnull=True, deadline__gt=today, opens_on__lte=today)
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RoundCommitment.objects.prefetch_related(
                    "reviewers", Prefetch("reviews", queryset=Review.objects.only("item_id", "reviewer_id"))
                ),
            )
        )
    )
    items = []
    for review_round in rounds:
        days = reminder_due(deadline=review_round.deadline, days_before=REMINDER_DAYS, today=today)
        if days is None:
            continue
        seats = list(current_seats(review_round.plan, today).select_related("user"))
        behind: dict[int, ForumMember] = {}
        for item in review_round.items.all():
            chosen = {s.pk for s in item.reviewers.all()}
            done = {r.reviewer_id for r in item.reviews.all()}
            for seat in seats:
                if (not chosen or seat.pk in chosen) and seat.user_id not in done:
                    behind[seat.user_id] = seat
        left = (review_round.deadline - today).days  # the real number of days, not the reminder's
        items += [
            review_message(
                key=f"review-reminder-{review_round.pk}-{seat.user_id}-{days}",
                kind="review-reminder",
                user=seat.user,
                template="review_reminder",
                review_round=review_round,
                context={"days": left},
            )
            for seat in behind.values()
        ]
    return len(messages_enqueue(items))
