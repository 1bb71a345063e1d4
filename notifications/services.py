"""Writing messages into the outbox. Call these inside the transaction of the change that causes
the message: the row and the change commit together, and the send is queued only after commit."""

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from notifications.models import Message, Preferences, Suppression

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DISPATCH_BATCH = 50


@dataclass
class Outgoing:
    """What to send to whom; rendered into a Message row by ``messages_enqueue``."""

    key: str
    kind: str
    to_email: str
    template: str  # templates/notifications/email/<template>/{subject.txt,body.txt,body.html}
    context: dict = field(default_factory=dict)
    recipient: object = None  # a User, or None for a bare address
    language: str | None = None
    topic: str = ""  # a Preferences flag: makes this an announcement that can be unsubscribed from
    plan: object = None
    attachments: list = field(default_factory=list)
    rendered: tuple[str, str, str] | None = None  # (subject, text, html) when rendered elsewhere
    hold_for_digest: bool = True  # announcements wait for the weekly digest of those who chose it


def preferences_for(user) -> Preferences:
    prefs, _ = Preferences.objects.get_or_create(user=user)
    return prefs


def unsubscribe_token(*, topic: str, user_id: int | None = None, email: str = "") -> str:
    payload = {"u": user_id, "t": topic} if user_id else {"e": email.lower(), "t": topic}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, topic: str, user_id: int | None = None, email: str = "") -> str:
    token = unsubscribe_token(topic=topic, user_id=user_id, email=email)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one email, in the given language."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(_render_plain(f"notifications/email/{template}/subject.txt", ctx).split())
        text = _render_plain(f"notifications/email/{template}/body.txt", ctx).strip() + "\n"
        html = render_to_string(f"notifications/email/{template}/body.html", ctx)
    return subject, text, html


def _render_plain(name: str, context: dict) -> str:
    """Plain-text parts are not HTML: render them without HTML escaping ("agenda's", not "agenda&#x27;s")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _build(item: Outgoing, prefs: Preferences | None, now: datetime.datetime) -> Message | None:
    user = item.recipient
    language = item.language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    context = {"recipient": user, **item.context}
    headers = {"Message-ID": f"<{uuid.uuid5(uuid.NAMESPACE_URL, item.key)}@{_domain()}>"}
    status = Message.Status.PENDING
    category = Message.Category.TRANSACTIONAL
    if item.topic:
        category = Message.Category.ANNOUNCEMENT
        if user is None:
            # A bare address (e.g. a pasted invitation list): its unsubscribe link suppresses it.
            if Suppression.objects.filter(email__iexact=item.to_email, topic__in=[item.topic, "all"]).exists():
                return None
            link = unsubscribe_url(email=item.to_email, topic=item.topic)
        else:
            if prefs is not None and not prefs.wants(item.topic):
                return None  # they asked not to get these
            if prefs is not None and prefs.weekly_digest and item.hold_for_digest:
                status = Message.Status.HELD
            link = unsubscribe_url(user_id=user.pk, topic=item.topic)
        context["unsubscribe_url"] = link
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject, text, html = item.rendered or render(item.template, context, language)
    return Message(
        key=item.key,
        kind=item.kind,
        category=category,
        recipient=user,
        to_email=item.to_email,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers,
        attachments=item.attachments,
        plan=item.plan,
        status=status,
        next_attempt_at=now,
    )


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def messages_enqueue(items: Iterable[Outgoing]) -> list[int]:
    """Write messages into the outbox, skipping keys that exist already; return the ids of the new
    pending ones. Their sending is queued when the surrounding transaction commits."""
    items = list(items)
    if not items:
        return []
    now = timezone.now()
    users = [i.recipient for i in items if i.topic and i.recipient is not None]
    prefs = {p.user_id: p for p in Preferences.objects.filter(user__in=users)} if users else {}
    existing = set(Message.objects.filter(key__in=[i.key for i in items]).values_list("key", flat=True))
    rows = []
    for item in items:
        if item.key in existing:
            continue
        existing.add(item.key)
        row = _build(item, prefs.get(getattr(item.recipient, "pk", None)), now)
        if row is not None:
            rows.append(row)
    with transaction.atomic():
        # ignore_conflicts: a concurrent writer may have inserted the same key since we looked.
        Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        new_keys = [r.key for r in rows if r.status == Message.Status.PENDING]
        ids = []
        for start in range(0, len(new_keys), 5000):
            chunk = new_keys[start : start + 5000]
            ids += Message.objects.filter(key__in=chunk, status=Message.Status.PENDING).values_list("pk", flat=True)
    dispatch_on_commit(ids)
    return ids


def message_enqueue(item: Outgoing) -> Message | None:
    """Write one message; return the outbox row with its key (None if the person opted out)."""
    messages_enqueue([item])
    return Message.objects.filter(key=item.key).first()


def dispatch_on_commit(ids: list[int]) -> None:
    """Queue the sending after commit. If the broker is down then, nothing is lost: the rows stay
    pending and the periodic sweep picks them up."""
    if ids:
        transaction.on_commit(lambda: dispatch(ids))


def dispatch(ids: list[int]) -> None:
    from notifications.tasks import deliver

    for start in range(0, len(ids), DISPATCH_BATCH):
        batch = list(ids[start : start + DISPATCH_BATCH])
        try:
            deliver.delay(batch)
        except (OperationalError, ConnectionError, OSError):  # broker unreachable: the sweep sends them
            logger.warning("Could not queue %d messages; the sweep will send them", len(batch))
            return


@transaction.atomic
def message_resend(*, message: Message) -> None:
    """Staff put a failed message back in the queue (Django admin action)."""
    Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, attempts=0, last_error="", next_attempt_at=timezone.now()
    )
    dispatch_on_commit([message.pk])


@transaction.atomic
def unsubscribe(*, topic: str, user_id: int | None = None, email: str = "") -> bool:
    """Switch off a kind of announcement for a person, or for a bare address."""
    from accounts.models import User

    if topic not in Preferences.TOPICS:
        return False
    if email:
        Suppression.objects.get_or_create(email=email.lower(), topic=topic)
        return True
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    prefs = preferences_for(user)
    prefs.save(update_fields=prefs.switch_off(topic))
    return True


def read_unsubscribe_token(token: str) -> dict | None:
    """{"user_id": …} or {"email": …}, with "topic"; None for a tampered or cut-off token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("t") not in Preferences.TOPICS:
        return None
    if data.get("u"):
        return {"user_id": data["u"], "topic": data["t"]}
    if data.get("e"):
        return {"email": data["e"], "topic": data["t"]}
    return None
