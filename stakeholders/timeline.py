"""Timeline job: remind reviewers 7 days and 1 day before a round's deadline, once, while they
have not reviewed every commitment assigned to them."""

import datetime

from django.db.models import Prefetch

from notifications.services import messages_enqueue
from notifications.timeline import reminder_due, timeline_job
from stakeholders.models import ForumMember, Review, ReviewRound, RoundCommitment

REMINDER_DAYS = (7, 1)


@timeline_job
def remind_reviewers(*, today: datetime.date) -> int:
    """Key per round, reviewer and reminder: a second run (or a second day within the same
    reminder's window) sends nothing; after downtime only the nearest reminder goes out."""
    from stakeholders.selectors import current_seats
    from stakeholders.services import _message

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
            _message(
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
