"""The fast paths of a large fan-out (one render shared by many people, the insert that returns
the new ids, the batch claimed with advisory locks) and the email Django builds from a row. Each
is checked against the general path it replaces (a full render) or a strict parse by the standard
library and, where it matters, against PostgreSQL and a real SMTP server."""

import base64
import datetime
import email
import email.policy
import email.utils
import socket

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test import override_settings

from core.mail import message_bytes
from notifications import delivery
from notifications.models import Message
from notifications.services import Outgoing, messages_enqueue, render
from notifications.timeline import announce_opened_phases
from plans.models import Phase
from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory

NAMES = ['Anne <b>"de" Vries</b> & Zn.', "O'Brien & <script>alert(1)</script>", "Zoë Ångström", ""]


def announcements(users, plan, phase, template="plans/email/phase_opened"):
    return [
        Outgoing(
            key=f"fast:{template}:{user.pk}",
            kind="phase-opened",
            to_email=user.email,
            template=template,
            context={"phase": phase, "plan": plan, "what_you_can_do": "Doe <mee> & lees."},
            recipient=user,
            topic="phase_announcements",
            plan=plan,
        )
        for user in users
    ]


def full_render(message: Message, phase, plan, template="plans/email/phase_opened"):
    """What ``render()`` gives for this row's person: the reference for the shared render."""
    context = {
        "recipient": message.recipient,
        "phase": phase,
        "plan": plan,
        "what_you_can_do": "Doe <mee> & lees.",
        "unsubscribe_url": message.headers["List-Unsubscribe"].strip("<>"),
    }
    return render(template, context, message.language)


@pytest.mark.django_db
def test_a_shared_render_gives_each_person_exactly_what_a_full_render_gives():
    plan = ActionPlanFactory()
    phase = PhaseFactory(plan=plan)
    users = [UserFactory(name=name, language=lang) for name in NAMES for lang in ("nl", "en")]
    ids = messages_enqueue(announcements(users, plan, phase))
    assert len(ids) == len(users)
    for message in Message.objects.filter(pk__in=ids).select_related("recipient"):
        assert (message.subject, message.body_text, message.body_html) == full_render(message, phase, plan)
        assert "ogpx" not in message.body_text + message.body_html  # no placeholder left
        link = message.headers["List-Unsubscribe"].strip("<>")
        assert link in message.body_text and link.replace("&", "&amp;") in message.body_html
    anne = Message.objects.get(recipient__name=NAMES[0], language="nl")
    assert "Anne &lt;b&gt;&quot;de&quot; Vries&lt;/b&gt; &amp; Zn." in anne.body_html  # escaped in HTML
    assert 'Anne <b>"de" Vries</b> & Zn.' in anne.body_text  # as it is in plain text
    assert "<script>" not in Message.objects.get(recipient__name=NAMES[1], language="en").body_html


@pytest.mark.django_db
def test_a_template_that_does_more_with_the_recipient_is_rendered_per_person(settings, tmp_path):
    """A filter on the name (here |upper) and another attribute (the email address) cannot be
    filled in afterwards: the probe render notices, and each person gets a full render."""
    folder = tmp_path / "notifications" / "email" / "shouting"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Hallo {{ recipient.name|upper }}")
    (folder / "body.txt").write_text("{{ recipient.name|upper }} ({{ recipient.email }})")
    (folder / "body.html").write_text("<p>{{ recipient.name|upper }}</p>{{ unsubscribe_url }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    plan = ActionPlanFactory()
    phase = PhaseFactory(plan=plan)
    users = [UserFactory(name="an & <ja>"), UserFactory(name="piet")]
    messages_enqueue(announcements(users, plan, phase, template="notifications/email/shouting"))
    first = Message.objects.get(recipient=users[0])
    assert first.subject == "Hallo AN & <JA>"
    assert first.body_text == f"AN & <JA> ({users[0].email})\n"
    assert first.body_html.startswith("<p>AN &amp; &lt;JA&gt;</p>")
    assert Message.objects.get(recipient=users[1]).body_text == f"PIET ({users[1].email})\n"


@pytest.mark.django_db
def test_the_insert_skips_existing_keys_and_returns_only_new_pending_ids():
    plan = ActionPlanFactory()
    phase = PhaseFactory(plan=plan)
    users = UserFactory.create_batch(3)
    first = messages_enqueue(announcements(users[:2], plan, phase))
    second = messages_enqueue(announcements(users, plan, phase))
    assert len(first) == 2 and len(second) == 1
    assert set(Message.objects.values_list("pk", flat=True)) == set(first) | set(second)
    row = Message.objects.get(pk=second[0])
    assert (row.status, row.attempts, row.last_error, row.headers["List-Unsubscribe-Post"]) == (
        Message.Status.PENDING, 0, "", "List-Unsubscribe=One-Click",
    )  # fmt: skip
    assert row.created_at == row.updated_at == row.next_attempt_at


@pytest.mark.django_db
def test_phase_announcements_are_written_in_chunks_and_a_rerun_writes_nothing(monkeypatch):
    monkeypatch.setattr("notifications.timeline.CHUNK", 2)
    today = datetime.date.today()
    plan = ActionPlanFactory(status="public")
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=today, ends_on=today + datetime.timedelta(days=9))
    from notifications.services import preferences_for

    for user in UserFactory.create_batch(5):
        preferences_for(user).plans.add(plan)
    assert announce_opened_phases(today=today) == 5
    assert announce_opened_phases(today=today) == 0
    assert Message.objects.filter(kind="phase-opened").count() == 5


# --- MIME, built by Django's email classes ----------------------------------------------------------


def parse(data: bytes):
    """Parsed strictly: a defect in what we send raises instead of being noted."""
    return email.message_from_bytes(data, policy=email.policy.strict)


def content(part) -> str:
    """A text part's content with the line ends it had before it went over SMTP (CRLF)."""
    return part.get_content().replace("\r\n", "\n")


def row_email(**fields):
    """An outbox row as the delivery turns it into Django's email."""
    pending = delivery.Pending(**{
        "pk": 1, "to_email": "iemand@example.org", "subject": "Onderwerp", "body_text": "Tekst\n", "body_html": "",
        "headers": {"Message-ID": "<abc@open-overheid.example>"}, "attachments": [], "attempts": 0, **fields,
    })  # fmt: skip
    return delivery._email(pending, connection=None)


@override_settings(DEFAULT_FROM_EMAIL="Open Overheid <noreply@open-overheid.example>")
def test_a_row_becomes_an_email_with_the_right_headers_parts_and_charset():
    link = "https://open-overheid.example/notifications/unsubscribe/" + "eyJ1IjoxLCJ0IjoicGhhc2UifQ" * 6 + "/"
    text = "Beste Zoë,\n\nEr is een nieuwe fase: ‘oproep’.\n.begint met een punt\n"
    html = "<p>Beste Zoë,</p>\n<p>Er is een nieuwe fase &amp; meer.</p>\n"
    data = message_bytes(row_email(
        subject="Oproep tot inbreng is begonnen: Actieplan Open Overheid 2023–2027", body_text=text, body_html=html,
        headers={"Message-ID": "<abc@open-overheid.example>", "List-Unsubscribe": f"<{link}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ))  # fmt: skip
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert f"List-Unsubscribe: <{link}>\r\n" in head  # long, on one line, and not encoded
    message = parse(data)
    assert message["Subject"] == "Oproep tot inbreng is begonnen: Actieplan Open Overheid 2023–2027"
    assert message["From"].addresses[0].display_name == "Open Overheid"
    assert message["To"] == "iemand@example.org" and message["Message-ID"] == "<abc@open-overheid.example>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["MIME-Version"] == "1.0"
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message.get_content_type() == "multipart/alternative"
    plain, rich = message.get_payload()
    assert (plain.get_content_type(), plain.get_content_charset(), content(plain)) == ("text/plain", "utf-8", text)
    assert (rich.get_content_type(), rich.get_content_charset(), content(rich)) == ("text/html", "utf-8", html)


@override_settings(DEFAULT_FROM_EMAIL="Ópen Overheid <noreply@open-overheid.example>")
def test_attachments_long_lines_and_a_server_without_8bitmime():
    calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Sessie ‘open data’\r\nEND:VCALENDAR\r\n".encode()
    long_line = "é" * 700  # 1,400 octets in UTF-8: over the limit for 8bit
    built = row_email(
        subject="Uitnodiging", body_text=f"Kort.\n{long_line}\n",
        attachments=[
            {"filename": "sessie.ics", "mimetype": "text/calendar", "content": base64.b64encode(calendar).decode()},
            {"filename": "verslag ‘2026’.pdf", "mimetype": "application/pdf", "content": base64.b64encode(b"%PDF").decode()},
        ],
    )  # fmt: skip
    for eight_bit in (True, False):
        data = message_bytes(built, eight_bit=eight_bit)
        assert max(len(line) for line in data.split(b"\r\n")) <= 998
        message = parse(data)
        assert message["From"].addresses[0].display_name == "Ópen Overheid"  # RFC 2047
        assert message.get_content_type() == "multipart/mixed"
        body, ics, pdf = message.get_payload()
        assert content(body) == f"Kort.\n{long_line}\n"
        assert (ics.get_filename(), ics.get_content_type(), ics.get_payload(decode=True).replace(b"\r\n", b"\n")) == (
            "sessie.ics", "text/calendar", calendar.replace(b"\r\n", b"\n"),
        )  # fmt: skip
        assert (pdf.get_filename(), pdf.get_payload(decode=True)) == ("verslag ‘2026’.pdf", b"%PDF")
    assert message_bytes(built, eight_bit=False).isascii()  # nothing 8bit for a server without 8BITMIME


def test_what_cannot_be_a_header_is_refused_rather_than_sent_wrong():
    for fields in (
        {"to_email": "a@example.org>\r\nBcc: b@example.org"},
        {"headers": {"X-Evil": "a\r\nBcc: b@example.org"}},
        {"subject": "Onderwerp\nBcc: b@example.org"},
    ):
        with pytest.raises(ValueError):
            message_bytes(row_email(**fields))


# --- Against a real SMTP server and PostgreSQL ------------------------------------------------------


class Recorder:
    """Records each accepted message with its SMTP session; refuses addresses starting with
    "weigert" (550) or "later" (451), and closes the session on "sluit" (421)."""

    def __init__(self):
        self.messages = []
        self.sessions = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for prefix, reply in (("weigert", "550 5.1.1 No such mailbox"), ("later", "451 4.3.0 Try again later"),
                              ("sluit", "421 4.3.2 Closing")):  # fmt: skip
            if address.startswith(prefix):
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.original_content))
        self.sessions.append(id(session))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "core.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield recorder
    controller.stop()


def transactional(key, to, **kwargs):
    return Outgoing(key=key, kind="test", to_email=to, template="", rendered=("Één test", "Tekst é\n", "<p>é</p>"),
                    **kwargs)  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_smtp_delivery_sends_djangos_email_with_the_rows_message_id(smtp, monkeypatch):

    monkeypatch.setattr("notifications.dispatch.dispatch", lambda ids: None)  # delivered below, in this process
    calendar = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    ids = messages_enqueue([
        transactional("a", "iemand@example.org", attachments=[
            {"filename": "sessie.ics", "mimetype": "text/calendar", "content": base64.b64encode(calendar).decode()}]),
        transactional("b", "iemand@bücher.example"),  # an IDN domain: its envelope address in punycode
    ])  # fmt: skip
    outcome = delivery.deliver_messages(ids)
    assert (outcome.sent, outcome.failed) == (2, 0)
    assert sorted(Message.objects.values_list("status", "attempts")) == [(Message.Status.SENT, 1)] * 2
    (to_a, raw_a), (to_b, raw_b) = smtp.messages
    assert to_a == ["iemand@example.org"] and to_b == ["iemand@xn--bcher-kva.example"]
    assert len(set(smtp.sessions)) == 1  # one SMTP session for the batch
    built = parse(raw_a)
    assert built["Subject"] == "Één test" and built["Message-ID"] == Message.objects.get(key="a").headers["Message-ID"]
    assert email.utils.parsedate_to_datetime(built["Date"]).tzinfo is not None
    alternative, attachment = built.get_payload()
    # The standard library ends a text part with a line break when it has none.
    assert [content(p) for p in alternative.get_payload()] == ["Tekst é\n", "<p>é</p>\n"]
    assert attachment.get_filename() == "sessie.ics" and attachment.get_payload(decode=True) == calendar
    assert parse(raw_b)["Message-ID"] == Message.objects.get(key="b").headers["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_a_refusal_fails_only_its_message_and_the_session_carries_on(smtp, monkeypatch):
    """550: failed for good; 451: retried later; 421: the server closed the session, the next
    message opens a new one; an address Django cannot put in an envelope: failed. The others are
    sent, the ones around a refusal over the same session."""

    monkeypatch.setattr("notifications.dispatch.dispatch", lambda ids: None)
    to = ["p0@example.org", "weigert@example.org", "p1@example.org", "later@example.org", "p2@example.org",
          "zoë@example.org", "sluit@example.org", "p3@example.org"]  # fmt: skip
    ids = messages_enqueue([transactional(f"r{i}", address) for i, address in enumerate(to)])
    outcome = delivery.deliver_messages(ids)
    assert (outcome.sent, outcome.failed, outcome.deferred) == (4, 2, 2)
    status = dict(Message.objects.values_list("to_email", "status"))
    assert [status[a] for a in to] == ["sent", "failed", "sent", "pending", "sent", "failed", "pending", "sent"]
    assert [rcpt for rcpt, _ in smtp.messages] == [["p0@example.org"], ["p1@example.org"], ["p2@example.org"],
                                                   ["p3@example.org"]]  # fmt: skip
    first, second, third, fourth = smtp.sessions
    assert first == second == third != fourth  # RSET after a refusal keeps the session; 421 ends it
    later = Message.objects.get(to_email="later@example.org")
    assert later.attempts == 1 and later.next_attempt_at is not None and "451" in later.last_error
    assert "Invalid address" in Message.objects.get(to_email="zoë@example.org").last_error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_message_claimed_by_another_worker_is_skipped_and_sent_once_released(smtp, monkeypatch):

    monkeypatch.setattr("notifications.dispatch.dispatch", lambda ids: None)
    ids = messages_enqueue([transactional(f"k{i}", f"p{i}@example.org") for i in range(3)])
    settings_dict = connection.settings_dict
    other = psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1", port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"], dbname=settings_dict["NAME"], autocommit=True,
    )  # fmt: skip
    try:
        # Another worker is sending the second message right now: it holds its advisory lock.
        other.execute("SELECT pg_advisory_lock(%s + %s)", [delivery.LOCK_BASE, ids[1]])
        outcome = delivery.deliver_messages(ids)
        assert (outcome.sent, outcome.skipped) == (2, 1)
        assert Message.objects.get(pk=ids[1]).status == Message.Status.PENDING
        # Our locks are let go at the end of the batch (the other session could not take them otherwise).
        assert other.execute("SELECT pg_try_advisory_lock(%s + %s)", [delivery.LOCK_BASE, ids[0]]).fetchone()[0]
        other.execute("SELECT pg_advisory_unlock_all()")
        outcome = delivery.deliver_messages(ids)
        assert (outcome.sent, outcome.skipped) == (1, 2)
    finally:
        other.close()
    assert len(smtp.messages) == 3
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_other_backends_still_get_djangos_email_with_the_headers():
    ids = messages_enqueue([transactional("x", "iemand@example.org")])
    delivery.deliver_messages(ids)
    sent = mail.outbox[-1]
    assert sent.subject == "Één test" and sent.alternatives[0][0] == "<p>é</p>"
    assert sent.extra_headers["Message-ID"] == Message.objects.get(key="x").headers["Message-ID"]
