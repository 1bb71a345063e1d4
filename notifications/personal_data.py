"""A person's email preferences and the emails sent to them, for "download my data" and "delete
my account" (the registry is ``accounts.personal_data``)."""

from django.db.models import Q
from django.utils import timezone

from accounts.personal_data import address_q, register
from notifications.models import Message, Preferences, Suppression

# Account emails hold a login code, a confirmation code or a password-reset link: a file on
# someone's disk is no place for one that may still work, so the export gives their subject only.
ACCOUNT_EMAIL = "account-"
DELETED = "Not sent: the recipient deleted their account."


def _export_preferences(user) -> dict | None:
    prefs = Preferences.objects.filter(user=user).prefetch_related("plans", "themes").first()
    if prefs is None:
        return None
    return {
        "phase_announcements": prefs.phase_announcements,
        "invitations": prefs.invitations,
        "weekly_digest": prefs.weekly_digest,
        "plans_followed": [plan.title_nl for plan in prefs.plans.all()],
        "themes": [theme.name_nl for theme in prefs.themes.all()],
    }


def _erase_preferences(user) -> None:
    Preferences.objects.filter(user=user).delete()


def _theirs(user) -> Q:
    return Q(recipient=user) | address_q("to_email", user)


def _export_emails(user) -> list[dict]:
    messages = Message.objects.filter(_theirs(user)).order_by("created_at", "pk")
    return [
        {
            "to": m.to_email,
            "kind": m.kind,
            "subject": m.subject,
            "text": None if m.kind.startswith(ACCOUNT_EMAIL) else m.body_text,
            "status": m.status,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
        }
        for m in messages
    ]


def _erase_emails(user) -> None:
    """The outbox keeps the record that an email of a kind went out and when, without whom it
    went to or what it said (its text addressed them by name). One still waiting is not sent:
    it fails, and delivery never reads a row without an address."""
    now = timezone.now()
    theirs = Message.objects.filter(_theirs(user))
    theirs.filter(status__in=[Message.Status.PENDING, Message.Status.HELD]).update(
        status=Message.Status.FAILED, next_attempt_at=None, last_error=DELETED, updated_at=now
    )
    Message.objects.filter(_theirs(user)).update(
        recipient=None, to_email="", body_text="", body_html="", headers={}, attachments=[], updated_at=now
    )


def _export_unsubscribes(user) -> list[dict]:
    rows = Suppression.objects.filter(address_q("email", user)).order_by("created_at")
    return [{"email": s.email, "topic": s.topic, "at": s.created_at} for s in rows]


register("preferences", export=_export_preferences, erase=_erase_preferences)
register("emails", export=_export_emails, erase=_erase_emails)
# No eraser: an unsubscribe from a link sent to a bare address is a wish not to be mailed, which
# outlives the account (the privacy statement says so); the row holds the address and the topic.
register("unsubscribes", export=_export_unsubscribes)
