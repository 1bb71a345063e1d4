"""Demo: everyone follows the fifth plan; the forum member takes the weekly digest; the outbox
shows sent, pending and failed messages for staff to look at in the admin."""

from django.utils import timezone

from notifications.models import Message
from notifications.services import preferences_for


def seed(ctx):
    plan = ctx["plan"]
    for name, user in ctx["users"].items():
        prefs = preferences_for(user)
        prefs.plans.add(plan)
        if name == "forumlid":
            prefs.weekly_digest = True
            prefs.save(update_fields=["weekly_digest"])
    # What staff see in the outbox: one delivered announcement and one refused address, ready to
    # be sent again. Real announcements come from the timeline job (`make run` runs it at start).
    examples = [
        ("demo:sent-example", "deelnemer@example.org", Message.Status.SENT, ""),
        ("demo:failed-example", "onbekend@example.invalid", Message.Status.FAILED,
         "onbekend@example.invalid: 550 5.1.1 Mailbox does not exist"),
    ]  # fmt: skip
    for key, email, status, error in examples:
        Message.objects.get_or_create(
            key=key,
            defaults={
                "kind": "phase-opened",
                "category": Message.Category.ANNOUNCEMENT,
                "to_email": email,
                "subject": "Oproep tot inbreng is gestart: Vijfde Actieplan Open Overheid 2023–2027",
                "body_text": "Een nieuwe fase van het Vijfde Actieplan Open Overheid is gestart: de oproep tot inbreng.\n",
                "status": status,
                "attempts": 1,
                "last_error": error,
                "plan": plan,
                "sent_at": timezone.now() if status == Message.Status.SENT else None,
            },
        )
