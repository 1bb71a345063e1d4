"""Sending outbox rows over SMTP, each exactly once.

A task is given a batch of message ids. It claims them with session-level advisory locks
(``pg_try_advisory_lock``, one statement for the batch; ids locked by another worker are skipped),
then reads, in a fresh statement, which of the claimed rows are still pending: a row that another
worker sent and committed before letting go of its lock is seen as sent. Each message is then
sent and marked ``sent`` by one autocommitted ``UPDATE … WHERE status = 'pending'`` right after
the SMTP server accepted it, before the next one is sent. The locks are let go at the end of the
batch, and die with the database connection when the worker is killed: its unsent rows stay
pending, and the redelivered task or the sweep sends them. The one window left is between the
SMTP server's "250 OK" and that commit (under a millisecond) for the single message in flight;
its deterministic Message-ID lets receivers drop such a duplicate.

An account email (``Message.secret``: a login code, confirmation code or password-reset link)
loses its text and HTML in that same ``UPDATE`` (and in the one that marks it failed for good),
so the secret is never kept after it has gone out, and the exactly-once guarantee is unchanged.
Log lines name messages by id and never carry an email address (``core.log_redaction.redact``).

Inside a transaction (a caller's ``atomic`` block) the locks are transaction-level instead, so
that they last until the "sent" updates are committed. Without PostgreSQL (the embedded SQLite
default, where tasks run in-process) there are no locks; the conditional update stays.

Each message is built with Django's ``EmailMultiAlternatives`` (its Message-ID is the row's,
derived from its key; Django adds the Date) and sent with ``send_messages([email])`` on one
backend connection for the whole batch, so it is marked sent right after the server accepted it.
With the project's SMTP backend (``core.mail.SMTPBackend``) a refused recipient or a refused
message raises for that message alone: smtplib resets the session (RSET) and the next message
goes over the same connection; after a 421 the server has closed it, and it is opened again.
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
from django.db.models import Case, F, TextField, Value, When
from django.utils import timezone

from core.log_redaction import redact  # a server's reply often quotes the address
from notifications.models import Message

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
SWEEP_GRACE = datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
# Advisory lock keys of outbox messages: this base + the message id (apart from other locks).
LOCK_BASE = 0x4F47_4E4F << 32


class ConnectionLost(Exception):
    """The mail server could not be reached: retry the batch later, nothing is marked failed."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0


@dataclass
class Pending:
    """The content of one pending row, as read for its delivery."""

    pk: int
    to_email: str
    subject: str
    body_text: str
    body_html: str
    headers: dict
    attachments: list
    attempts: int


_FIELDS = ("pk", "to_email", "subject", "body_text", "body_html", "headers", "attachments", "attempts")


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))


def _email(message: Pending, connection) -> EmailMultiAlternatives:
    """The row as Django's email: its headers (Message-ID, and List-Unsubscribe for an
    announcement) go in as they are; Django adds the Date."""
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


def _send(message: Pending, connection) -> None:
    """One message on the batch's connection, which stays open (``send_messages`` closes only a
    connection it opened itself)."""
    _open(connection)
    connection.send_messages([_email(message, connection)])


def _codes(error: smtplib.SMTPException) -> list[int]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _ in error.recipients.values()]
    return [error.smtp_code] if isinstance(error, smtplib.SMTPResponseException) else []


def deliver_messages(message_ids: list[int]) -> Outcome:
    outcome = Outcome()
    connection = get_connection(fail_silently=False)
    with _claim(message_ids) as claimed:
        # Read after the locks are held: what another worker sent before letting go is not pending.
        # A row without an address belonged to a deleted account (notifications/personal_data.py).
        rows = (
            Message.objects.filter(pk__in=claimed, status=Message.Status.PENDING)
            .exclude(to_email="")
            .values_list(*_FIELDS)
        )
        messages = {row[0]: Pending(*row) for row in rows}
        marker = _Marker()
        try:
            for message_id in message_ids:
                message = messages.pop(message_id, None)
                if message is None:  # sent or failed already, being sent by another worker, or held
                    outcome.skipped += 1
                    continue
                try:
                    _send(message, connection)
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
                    raise ConnectionLost(redact(str(error))) from error
                except smtplib.SMTPException as error:
                    # The server answered about this message (4xx: later, 5xx: never); a refused
                    # address fails this one message, and the batch carries on.
                    codes = _codes(error)
                    permanent = bool(codes) and all(500 <= code < 600 for code in codes)
                    _fail(message, _reason(error), permanent=permanent)
                    outcome.failed += permanent
                    outcome.deferred += not permanent
                    if 421 in codes:  # the server closed the session: the next message opens one
                        with contextlib.suppress(Exception):
                            connection.close()
                except ValueError as error:
                    # Django cannot make this row into an email (an address it cannot encode, a
                    # line break in a header): no later attempt will do better.
                    _fail(message, f"{type(error).__name__}: {error}", permanent=True)
                    outcome.failed += 1
                except OSError as error:  # refused or broken connection (SMTPException is an OSError too)
                    raise ConnectionLost(redact(str(error))) from error
                else:
                    marker.sent(message)
                    outcome.sent += 1
        finally:
            marker.close()
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
        raise ConnectionLost(redact(f"{type(error).__name__}: {error}")) from error


# The statements in plain SQL: through the ORM (query building, model instances) they cost more
# CPU than the rest of a delivery.
_CLAIM = "SELECT id FROM unnest(%s::bigint[]) AS claimed(id) WHERE {function}(%s + id)"
_RELEASE = "SELECT pg_advisory_unlock(%s + id) FROM unnest(%s::bigint[]) AS claimed(id)"
# An account email's body goes in the same statement: no moment after it is sent where it is kept.
_MARK_SENT = (
    "UPDATE notifications_message SET status = %s, sent_at = %s, attempts = attempts + 1, updated_at = %s,"
    " body_text = CASE WHEN secret THEN '' ELSE body_text END,"
    " body_html = CASE WHEN secret THEN '' ELSE body_html END"
    " WHERE id = %s AND status = %s"
)


@contextlib.contextmanager
def _claim(message_ids: list[int]):
    """The ids of the batch that no other worker is sending now, locked until the block ends."""
    ids = sorted(set(message_ids))
    if db.vendor != "postgresql" or not ids:
        yield ids
        return
    session_level = not db.in_atomic_block
    function = "pg_try_advisory_lock" if session_level else "pg_try_advisory_xact_lock"
    with db.cursor() as cursor:
        cursor.execute(_CLAIM.format(function=function), [ids, LOCK_BASE])
        claimed = [row[0] for row in cursor.fetchall()]
    try:
        yield claimed
    finally:
        if session_level and claimed:
            try:
                with db.cursor() as cursor:
                    cursor.execute(_RELEASE, [LOCK_BASE, claimed])
            except Exception:  # the connection is gone, and its locks with it
                logger.warning("Could not release the locks of %d messages", len(claimed), exc_info=True)


class _Marker:
    """Marks messages sent, one autocommitted statement each. On PostgreSQL with a plain psycopg
    cursor (parameters bound by the server) and a prepared statement: a third of the CPU of a
    Django cursor's statement, and the server does not plan it again for every message. Not
    prepared behind a pooler in transaction mode (``DISABLE_SERVER_SIDE_CURSORS``), where
    prepared statements do not survive."""

    def __init__(self):
        self.cursor = None
        if db.vendor == "postgresql":
            import psycopg

            db.ensure_connection()
            self.cursor = psycopg.Cursor(db.connection)
            self.prepare = not db.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")

    def sent(self, message: Pending) -> None:
        now = timezone.now()
        params = [Message.Status.SENT, now, now, message.pk, Message.Status.PENDING]
        if self.cursor is not None:
            self.cursor.execute(_MARK_SENT, params, prepare=self.prepare)
        else:
            with db.cursor() as cursor:
                cursor.execute(_MARK_SENT, params)

    def close(self) -> None:
        if self.cursor is not None:
            with contextlib.suppress(Exception):
                self.cursor.close()


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for address, (code, msg) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _fail(message: Pending, reason: str, *, permanent: bool) -> None:
    attempts = message.attempts + 1
    fields = {"attempts": attempts, "last_error": reason[:2000], "updated_at": timezone.now()}
    if permanent or attempts >= MAX_ATTEMPTS:
        # Failed for good: an account email is never sent again (the person asks for a new code),
        # so its secret goes in this statement.
        fields.update(status=Message.Status.FAILED, next_attempt_at=None)
        for body in ("body_text", "body_html"):
            fields[body] = Case(When(secret=True, then=Value("")), default=F(body), output_field=TextField())
    else:
        fields["next_attempt_at"] = timezone.now() + backoff(attempts)
    Message.objects.filter(pk=message.pk, status=Message.Status.PENDING).update(**fields)
    logger.warning("Message %s not sent: %s", message.pk, redact(reason))


def due_message_ids(*, now: datetime.datetime | None = None, limit: int = 10000) -> list[int]:
    """Pending messages that should have gone by now: their queued task was lost (broker down,
    worker died) or their retry time has come. New rows get a grace period so that the sweep does
    not race the task queued at commit."""
    now = now or timezone.now()
    return list(Message.objects.due(now - SWEEP_GRACE).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
