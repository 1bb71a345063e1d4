"""The weekly digest: announcements held for people who asked for one email a week."""

from itertools import groupby

from django.db import transaction

from accounts.models import User
from core import clock
from notifications.models import Message
from notifications.services import Outgoing, messages_enqueue


def send_digests() -> int:
    """Bundle each person's held announcements into one digest; safe to run twice in a week."""
    year, week, _ = clock.today().isocalendar()
    user_ids = (
        Message.objects.filter(status=Message.Status.HELD, recipient__isnull=False)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in list(user_ids):
        count += _digest_for(user_id, f"digest:{user_id}:{year}-W{week:02d}")
    return count


@transaction.atomic
def _digest_for(user_id: int, key: str) -> int:
    if Message.objects.filter(key=key).exists():
        return 0  # this week's digest went out already; newer announcements wait for next week
    held = list(
        Message.objects.select_for_update()
        .filter(recipient_id=user_id, status=Message.Status.HELD)
        .order_by("created_at")
    )
    if not held:
        return 0
    user = User.objects.get(pk=user_id)
    items = [
        {"kind": kind, "messages": list(group)}
        for kind, group in groupby(sorted(held, key=lambda m: (m.kind, m.created_at)), key=lambda m: m.kind)
    ]
    messages_enqueue(
        [
            Outgoing(
                key=key,
                kind="digest",
                to_email=user.email,
                template="notifications/email/digest",
                context={"groups": items, "messages": held},
                recipient=user,
                topic="all",
                hold_for_digest=False,
            )
        ]
    )
    Message.objects.filter(pk__in=[m.pk for m in held]).update(status=Message.Status.DIGESTED)
    return 1
