"""Writing messages into the outbox. Call these inside the transaction of the change that causes
the message: the row and the change commit together, and the send is queued only after commit."""

import collections
import datetime
import json
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import connection as db
from django.db import transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import User
from notifications.dispatch import dispatch_on_commit
from notifications.models import Message, Preferences, Suppression

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


@dataclass
class Outgoing:
    """What to send to whom; rendered into a Message row by ``messages_enqueue``."""

    key: str
    kind: str
    to_email: str
    # The folder of the email's templates, from the app that sends it: "ideas/email/idea_answer"
    # for templates/ideas/email/idea_answer/{subject.txt,body.txt,body.html}. Its body.html
    # extends the shared "notifications/email/_base.html".
    template: str
    context: dict = field(default_factory=dict)
    recipient: object = None  # a User, or None for a bare address
    language: str | None = None
    topic: str = ""  # a Preferences flag: makes this an announcement that can be unsubscribed from
    plan: object = None
    attachments: list = field(default_factory=list)
    rendered: tuple[str, str, str] | None = None  # (subject, text, html) when rendered elsewhere
    hold_for_digest: bool = True  # announcements wait for the weekly digest of those who chose it
    secret: bool = False  # holds a code or link to an account: wiped when sent, never shown nor resent

    def __post_init__(self):
        if self.rendered is None and "/" not in self.template:
            # The bare names of before ("idea_answer") were looked up in notifications/email/.
            raise ValueError(f"Outgoing.template is the folder of the templates, e.g. 'ideas/email/{self.template}'")


def preferences_for(user) -> Preferences:
    prefs, _ = Preferences.objects.get_or_create(user=user)
    return prefs


def unsubscribe_token(*, topic: str, user_id: int | None = None, email: str = "", signer=None) -> str:
    """``signer`` (a ``signing.TimestampSigner`` with our salt) can be shared by a fan-out; the
    token is the same as ``signing.dumps(…, salt=UNSUBSCRIBE_SALT, compress=True)``."""
    payload = {"u": user_id, "t": topic} if user_id else {"e": email.lower(), "t": topic}
    return (signer or signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)).sign_object(payload, compress=True)


def unsubscribe_url(
    *, topic: str, user_id: int | None = None, email: str = "", base: str | None = None, signer=None
) -> str:
    """``base`` (from ``unsubscribe_base()``) saves resolving the URL for every message of a fan-out."""
    token = unsubscribe_token(topic=topic, user_id=user_id, email=email, signer=signer)
    if base is not None and _URL_SAFE_TOKEN.match(token):
        return f"{base}{token}/"
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


_URL_SAFE_TOKEN = re.compile(r"^[A-Za-z0-9_:.-]+$")  # what signing.dumps gives: reverse() leaves it as it is


def unsubscribe_base() -> str:
    """The unsubscribe URL up to its token, resolved now (the script prefix can differ per request)."""
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=["x"]).removesuffix("x/")


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one email, in the given language; ``template`` is the
    folder of its templates (``"ideas/email/idea_answer"``)."""
    return _finish(*_render_raw(template, context, language))


def _render_raw(template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = _render_plain(f"{template}/subject.txt", ctx)
        text = _render_plain(f"{template}/body.txt", ctx)
        html = render_to_string(f"{template}/body.html", ctx)
    return subject, text, html


def _finish(subject: str, text: str, html: str) -> tuple[str, str, str]:
    return " ".join(subject.split()), text.strip() + "\n", html


def _render_plain(name: str, context: dict) -> str:
    """Plain-text parts are not HTML: render them without HTML escaping ("agenda's", not "agenda&#x27;s")."""
    return get_template(name).template.render(Context(context, autoescape=False))


# --- Rendering an announcement once for many people ----------------------------------------------
#
# A fan-out to 10,000 followers renders the same three templates 10,000 times, with only the
# person's name and unsubscribe link differing. ``SharedRender`` renders them once per (template,
# language, shared context) with placeholders in those two places, and puts each person's values
# into the rendered strings: HTML-escaped in the HTML part, as they are in the text parts. A
# placeholder is letters and digits only (autoescape leaves it alone) with a random part made for
# each render (no user text contains it). Before it is used, the shared render is checked against
# a full render for a probe person whose name and link contain every character that HTML escaping
# changes; a template that does anything else with these values than print them (a filter, a
# comparison, another attribute of the recipient) fails that check and is rendered per person.

PERSONAL = ("name", "unsubscribe_url")
_PROBE = {"name": "Probe <&\"'> van \u00c9\u00e9n", "unsubscribe_url": "https://probe.invalid/u/a?b=1&c=<2>\"'/"}


class _Recipient:
    """The recipient in a shared render: only ``name`` may be used; anything else is noted."""

    def __init__(self, name: str):
        self.name = name
        self.other_use = False

    def __getattr__(self, attribute):
        if not attribute.startswith("__"):
            self.other_use = True
        raise AttributeError(attribute)

    def __str__(self):
        self.other_use = True
        return ""


class SharedRender:
    def __init__(self, template: str, context: dict, language: str, *, recipient: bool, name: bool, link: bool):
        token = uuid.uuid4().hex
        self.placeholders = {part: f"ogpx{token}{i}x" for i, part in enumerate(PERSONAL)}
        self.parts = [p for p, used in zip(PERSONAL, (name, link), strict=True) if used]
        self.with_recipient = recipient
        self.raw, stand_in = self._render(template, context, language, self.placeholders)
        probe, probe_stand_in = self._render(template, context, language, _PROBE)
        self.usable = (
            not (stand_in and stand_in.other_use)
            and not (probe_stand_in and probe_stand_in.other_use)
            and _finish(*probe) == self.personalise(_PROBE)
            and all(self.placeholders[p] in "".join(self.raw) for p in self.parts)
        )
        if not self.usable:
            logger.warning("Template %s is rendered per person: it uses the recipient in other ways", template)

    def _render(self, template, context, language, values):
        """Render with these values in the personal places; no real recipient is in the context."""
        stand_in = _Recipient(values["name"] if "name" in self.parts else "") if self.with_recipient else None
        ctx = {**context, "recipient": stand_in}
        ctx.pop("unsubscribe_url", None)
        if "unsubscribe_url" in self.parts:
            ctx["unsubscribe_url"] = values["unsubscribe_url"]
        return _render_raw(template, ctx, language), stand_in

    def personalise(self, values: dict) -> tuple[str, str, str]:
        subject, text, html = self.raw
        for part in self.parts:
            placeholder, value = self.placeholders[part], str(values[part])
            subject, text = subject.replace(placeholder, value), text.replace(placeholder, value)
            html = html.replace(placeholder, escape(value))
        return _finish(subject, text, html)


def _context_key(value):
    """Values that render the same: equal strings, numbers and dates, the same objects (by
    identity), and lists, tuples and dicts of those."""
    if value is None or isinstance(value, (str, int, float, bool, datetime.date, datetime.time)):
        return (type(value).__name__, value)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_context_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((k, _context_key(v)) for k, v in value.items()))
    return ("id", id(value))


class _Renderer:
    """Renders the items of one ``messages_enqueue`` call, sharing what can be shared."""

    def __init__(self, items: list[Outgoing]):
        self.keys = {id(i): self._key(i) for i in items if i.rendered is None}
        self.groups = collections.Counter(self.keys.values())
        self.shared: dict = {}
        self.unsubscribe_base = unsubscribe_base() if any(i.topic for i in items) else None
        self.signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
        self.keep_alive = items  # the ids in the keys stay valid while the items live

    @staticmethod
    def _key(item: Outgoing):
        language = _language(item)
        name = getattr(item.recipient, "name", "") if item.recipient is not None else None
        context = {k: v for k, v in item.context.items() if k != "recipient"}
        # Whether there is a recipient, and whether it has a name, decide which branch renders.
        has = (item.recipient is not None, bool(name)) if "recipient" not in item.context else ("own",)
        return (item.template, language, bool(item.topic), has, _context_key(context))

    def render(self, item: Outgoing, context: dict, language: str) -> tuple[str, str, str]:
        key = self.keys.get(id(item)) or self._key(item)
        if self.groups.get(key, 0) < 2 or "recipient" in item.context:
            return render(item.template, context, language)
        shared = self.shared.get(key)
        if shared is None:
            shared = SharedRender(
                item.template, context, language,
                recipient=item.recipient is not None,
                name=bool(getattr(item.recipient, "name", "")),
                link=bool(item.topic),
            )  # fmt: skip
            self.shared[key] = shared
        if not shared.usable:
            return render(item.template, context, language)
        name = getattr(item.recipient, "name", "") if item.recipient is not None else ""
        return shared.personalise({"name": name, "unsubscribe_url": context.get("unsubscribe_url", "")})


def _language(item: Outgoing) -> str:
    return item.language or getattr(item.recipient, "language", None) or settings.LANGUAGE_CODE


def _build(item: Outgoing, prefs: Preferences | None, now: datetime.datetime, renderer: "_Renderer") -> dict | None:
    user = item.recipient
    language = _language(item)
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
            link = unsubscribe_url(
                email=item.to_email, topic=item.topic, base=renderer.unsubscribe_base, signer=renderer.signer
            )
        else:
            if prefs is not None and not prefs.wants(item.topic):
                return None  # they asked not to get these
            if prefs is not None and prefs.weekly_digest and item.hold_for_digest:
                status = Message.Status.HELD
            link = unsubscribe_url(
                user_id=user.pk, topic=item.topic, base=renderer.unsubscribe_base, signer=renderer.signer
            )
        context["unsubscribe_url"] = link
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject, text, html = item.rendered or renderer.render(item, context, language)
    return {
        "key": item.key,
        "kind": item.kind,
        "category": category,
        "recipient_id": getattr(user, "pk", None),
        "to_email": item.to_email,
        "language": language,
        "subject": subject,
        "body_text": text,
        "body_html": html,
        "headers": headers,
        "attachments": item.attachments,
        "plan_id": getattr(item.plan, "pk", None),
        "status": status,
        "next_attempt_at": now,
        "secret": item.secret,
    }


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
    # Preferences loaded with their user (``select_related("user")``) need no second query.
    prefs = {u.pk: p for u in users if (p := _cached_preferences(u)) is not None}
    missing = [u for u in users if u.pk not in prefs]
    prefs |= {p.user_id: p for p in Preferences.objects.filter(user__in=missing)} if missing else {}
    existing = set(Message.objects.filter(key__in=[i.key for i in items]).values_list("key", flat=True))
    renderer = _Renderer([i for i in items if i.key not in existing])
    rows = []
    for item in items:
        if item.key in existing:
            continue
        existing.add(item.key)
        row = _build(item, prefs.get(getattr(item.recipient, "pk", None)), now, renderer)
        if row is not None:
            rows.append(row)
    with transaction.atomic():
        ids = _insert(rows, now)
    dispatch_on_commit(ids)
    return ids


_COLUMNS = (
    "key", "kind", "category", "recipient_id", "to_email", "language", "subject", "body_text", "body_html",
    "headers", "attachments", "plan_id", "status", "secret", "next_attempt_at",
)  # fmt: skip
_JSON = ("headers", "attachments")
_PG_TYPES = {
    "key": "text", "kind": "text", "category": "text", "recipient_id": "bigint", "to_email": "text",
    "language": "text", "subject": "text", "body_text": "text", "body_html": "text", "headers": "jsonb",
    "attachments": "jsonb", "plan_id": "bigint", "status": "text", "secret": "boolean",
}  # fmt: skip


def _insert(rows: list[dict], now: datetime.datetime) -> list[int]:
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id, status: the ids of the new pending rows
    come back from the insert itself. A key that a concurrent writer inserted since we looked is
    skipped, with its id."""
    if not rows:
        return []
    insert = _insert_postgresql if db.vendor == "postgresql" else _insert_values
    ops = db.ops
    names = ", ".join(ops.quote_name(c) for c in (*_COLUMNS, "attempts", "last_error", "created_at", "updated_at"))
    head = f"INSERT INTO {ops.quote_name(Message._meta.db_table)} ({names}) "  # noqa: S608 - names only
    tail = f" ON CONFLICT ({ops.quote_name('key')}) DO NOTHING RETURNING {ops.quote_name('id')}, status"
    returned = insert(rows, head, tail, ops.adapt_datetimefield_value(now))
    return sorted(pk for pk, status in returned if status == Message.Status.PENDING)


def _insert_postgresql(rows, head, tail, stamp) -> list:
    """Up to 2,000 rows a statement, over ``unnest`` of one array per column: a few parameters
    instead of thousands. The parameters are bound by the server (a plain psycopg cursor on
    Django's connection, in its transaction): Django's client-side binding would quote every
    string of the arrays into the statement, which costs more than the rest of the insert."""
    import psycopg

    columns = [c for c in _COLUMNS if c != "next_attempt_at"]
    arrays = ", ".join(f"%s::{_PG_TYPES[c]}[]" for c in columns)
    names = ", ".join(f"u.{c}" for c in columns)
    sql = f"{head}SELECT {names}, %s, 0, '', %s, %s FROM unnest({arrays}) AS u({', '.join(columns)}){tail}"  # noqa: S608
    returned = []
    db.ensure_connection()
    # A plain psycopg cursor on Django's connection (its transaction), wrapped as Django wraps its
    # own cursors, with the wrapper's public factories: the statement is logged, counted, and seen
    # by execute wrappers.
    db.validate_thread_sharing()
    raw = psycopg.Cursor(db.connection)
    with db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw) as cursor:
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            params = [[json.dumps(r[c]) if c in _JSON else r[c] for r in chunk] for c in columns]
            cursor.execute(sql, [stamp, stamp, stamp, *params])
            returned += cursor.fetchall()
    return returned


def _insert_values(rows, head, tail, stamp) -> list:
    """Rows of VALUES (SQLite, for the embedded default)."""
    per_row = len(_COLUMNS) + 4
    row_sql = "(" + ", ".join(["%s"] * per_row) + ")"
    per_statement = max(1, min(500, (db.features.max_query_params or 999_999) // per_row))
    returned = []
    with db.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = []
            for row in chunk:
                for column in _COLUMNS:
                    value = row[column]
                    if column in _JSON:
                        value = db.ops.adapt_json_value(value, None)
                    elif column == "next_attempt_at":
                        value = stamp
                    params.append(value)
                params += [0, "", stamp, stamp]
            cursor.execute(f"{head}VALUES {', '.join([row_sql] * len(chunk))}{tail}", params)
            returned += cursor.fetchall()
    return returned


def _cached_preferences(user) -> Preferences | None:
    descriptor = getattr(type(user), "notification_preferences", None)
    if descriptor is None or not descriptor.is_cached(user):
        return None
    try:
        return user.notification_preferences
    except Preferences.DoesNotExist:
        return None


def message_enqueue(item: Outgoing) -> Message | None:
    """Write one message; return the outbox row with its key (None if the person opted out)."""
    messages_enqueue([item])
    return Message.objects.filter(key=item.key).first()


@transaction.atomic
def message_resend(*, message: Message) -> bool:
    """Staff put a failed message back in the queue (Django admin action). Never an account email
    (its body was wiped when it failed; the person asks for a new code) nor a message whose body
    the retention job removed: False for those."""
    queued = (
        Message.objects.filter(pk=message.pk, status=Message.Status.FAILED, secret=False)
        .exclude(body_text="")
        .update(status=Message.Status.PENDING, attempts=0, last_error="", next_attempt_at=timezone.now())
    )
    if queued:
        dispatch_on_commit([message.pk])
    return bool(queued)


BODY_RETENTION = datetime.timedelta(days=30)
# Longer than any account code or link stays valid (login and confirmation codes: minutes; a
# password-reset link: PASSWORD_RESET_TIMEOUT, three days by default). An account email still
# unsent after this is dropped: the person has asked for a new code long since.
SECRET_RETENTION = datetime.timedelta(days=1)
SECRET_EXPIRED = "Not sent in time: the code or link in it has expired, and the content is deleted."


def message_bodies_expire(*, now: datetime.datetime | None = None) -> int:
    """The retention rule of the outbox: the text, HTML and attachments of a message sent (or
    bundled into a digest) more than ``BODY_RETENTION`` ago are deleted; the row stays with its
    subject, as the record of what was sent to whom and when. Account emails are wiped when they are sent or fail; one left
    pending past ``SECRET_RETENTION`` (the mail server was down) is failed and wiped here. Safe to
    run twice: a wiped row is not matched again. Returns the number of rows wiped."""
    now = now or timezone.now()
    cutoff = now - BODY_RETENTION
    wipe = {"body_text": "", "body_html": "", "attachments": [], "updated_at": now}
    kept = Message.objects.exclude(body_text="")  # the partial index notif_msg_body_kept_idx
    old = kept.filter(created_at__lt=cutoff).filter(
        Q(status=Message.Status.SENT, sent_at__lt=cutoff) | Q(status=Message.Status.DIGESTED)
    )
    wiped = old.update(**wipe)
    # A safety net for account emails (delivery wipes them in the statement that marks them sent).
    wiped += kept.filter(secret=True).exclude(status=Message.Status.PENDING).update(**wipe)
    wiped += kept.filter(secret=True, status=Message.Status.PENDING, created_at__lt=now - SECRET_RETENTION).update(
        status=Message.Status.FAILED, next_attempt_at=None, last_error=SECRET_EXPIRED, **wipe
    )
    return wiped


@transaction.atomic
def unsubscribe(*, topic: str, user_id: int | None = None, email: str = "") -> bool:
    """Switch off a kind of announcement for a person, or for a bare address."""
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
