"""Sending outbox rows over SMTP, each exactly once.

Each message is sent inside its own transaction that holds the row lock
(``SELECT … FOR UPDATE SKIP LOCKED``) and commits ``status=sent`` right after the SMTP server
accepted it. A second task for the same message (a duplicated or retried task, or the sweep)
either waits its turn and then sees ``sent``, or skips the row while it is locked. A worker that
dies mid-batch leaves its unsent rows pending (their locks die with its connection), and the
redelivered task or the sweep sends them. The one window left is between the SMTP server's "250
OK" and our commit (under a millisecond); the deterministic Message-ID lets receivers drop such a
duplicate.
"""

import base64
import contextlib
import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from notifications.models import Message

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
SWEEP_GRACE = datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)


class ConnectionLost(Exception):
    """The mail server could not be reached: retry the batch later, nothing is marked failed."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))


def _email(message: Message, connection) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers=message.headers,
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return email


def deliver_messages(message_ids: list[int]) -> Outcome:
    outcome = Outcome()
    # The batch's content in one query and without locks: a message's content does not change once
    # written. Whether it is still to be sent is decided per message, under its row lock.
    messages = Message.objects.filter(pk__in=message_ids, status=Message.Status.PENDING).in_bulk()
    connection = get_connection(fail_silently=False)
    try:
        for message_id in message_ids:
            message = messages.get(message_id)
            if message is None:  # sent or failed already, or not pending (held, digested)
                outcome.skipped += 1
                continue
            with transaction.atomic():
                attempts = _lock(message_id)
                if attempts is None:  # sent already, or being sent by another worker right now
                    outcome.skipped += 1
                    continue
                message.attempts = attempts
                _open(connection)
                try:
                    _email(message, connection).send()
                except smtplib.SMTPRecipientsRefused as error:
                    # This address is refused: fail this one message, carry on with the others.
                    _fail(message, _reason(error), permanent=True)
                    outcome.failed += 1
                    connection.close()  # a refused RCPT leaves the SMTP session mid-transaction
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
                    raise ConnectionLost(str(error)) from error
                except smtplib.SMTPException as error:
                    # The server answered about this message (4xx: later, 5xx: never).
                    permanent = isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600
                    _fail(message, _reason(error), permanent=permanent)
                    outcome.failed += permanent
                    outcome.deferred += not permanent
                    connection.close()
                except OSError as error:  # refused or broken connection (SMTPException is an OSError too)
                    raise ConnectionLost(str(error)) from error
                else:
                    _mark_sent(message)
                    outcome.sent += 1
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            connection.close()
    return outcome


def _open(connection) -> None:
    """One SMTP session for the whole batch (``send()`` on its own opens and closes one per
    message); opened again after a close. A server that cannot be reached or does not accept our
    login is no fault of the message: the batch is retried later and nothing is marked failed."""
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise ConnectionLost(f"{type(error).__name__}: {error}") from error


# The two statements run for every message, in plain SQL: through the ORM (query building, model
# instances) they cost ~1.5 ms more CPU per message, a quarter of what a delivery costs in all.
_LOCK = "SELECT attempts FROM notifications_message WHERE id = %s AND status = %s FOR UPDATE SKIP LOCKED"
_LOCK_WITHOUT_SKIP = "SELECT attempts FROM notifications_message WHERE id = %s AND status = %s"  # SQLite
_MARK_SENT = "UPDATE notifications_message SET status = %s, sent_at = %s, attempts = %s, updated_at = %s WHERE id = %s"


def _lock(message_id: int) -> int | None:
    """Lock the row if it is pending and not locked by another worker; return its attempts so far."""
    sql = _LOCK if db.features.has_select_for_update_skip_locked else _LOCK_WITHOUT_SKIP
    with db.cursor() as cursor:
        cursor.execute(sql, [message_id, Message.Status.PENDING])
        row = cursor.fetchone()
    return row[0] if row else None


def _mark_sent(message: Message) -> None:
    now = timezone.now()
    message.status, message.sent_at, message.attempts = Message.Status.SENT, now, message.attempts + 1
    with db.cursor() as cursor:
        cursor.execute(_MARK_SENT, [message.status, now, message.attempts, now, message.pk])


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for address, (code, msg) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _fail(message: Message, reason: str, *, permanent: bool) -> None:
    message.attempts += 1
    message.last_error = reason[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = Message.Status.FAILED
        message.next_attempt_at = None
    else:
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "updated_at"])
    logger.warning("Message %s to %s not sent: %s", message.pk, message.to_email, reason)


def due_message_ids(*, now: datetime.datetime | None = None, limit: int = 10000) -> list[int]:
    """Pending messages that should have gone by now: their queued task was lost (broker down,
    worker died) or their retry time has come. New rows get a grace period so that the sweep does
    not race the task queued at commit."""
    now = now or timezone.now()
    return list(Message.objects.due(now - SWEEP_GRACE).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
