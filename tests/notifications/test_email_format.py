"""What goes out: every kind of email parses strictly with a Message-ID and a valid Date, account
emails have an HTML part in the platform's layout, and what `make run` saves under var/mail/ is
byte for byte what the SMTP server receives for the same row."""

import base64
import datetime
import email
import email.generator
import email.policy
import email.utils
import random
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from allauth.core import context as allauth_context
from django.core import mail
from django.test import RequestFactory
from django.utils import translation

from core.mail import message_bytes
from notifications import delivery
from notifications.account_adapter import OutboxAccountAdapter
from notifications.models import Message
from notifications.services import Outgoing, messages_enqueue
from tests.factories import UserFactory
from tests.notifications.test_outbox import announcement

ACCOUNT_EMAILS = {
    "login_code": {"code": "QX7K-9P2M"},
    "email_confirmation": {"code": "QX7K9P"},
    "email_confirmation_signup": {"code": "QX7K9P"},
    "password_reset_key": {"password_reset_url": "https://open-overheid.example/accounts/password/reset/key/x/"},
    "password_reset_code": {"code": "QX7K9P"},
    "unknown_account": {"signup_url": "https://open-overheid.example/accounts/signup/"},
    "account_already_exists": {"password_reset_url": "https://open-overheid.example/accounts/password/reset/"},
}


def send_account_email(prefix, person, language="nl"):
    request = RequestFactory().post("/accounts/login/code/")
    with translation.override(language), allauth_context.request_context(request):
        OutboxAccountAdapter().send_mail(
            f"account/email/{prefix}", person.email, {"user": person, **ACCOUNT_EMAILS[prefix]}
        )


def strict(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.strict)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ACCOUNT_EMAILS)
def test_every_account_email_has_an_html_part_in_the_platforms_layout(prefix, django_capture_on_commit_callbacks):
    person = UserFactory(email="zoe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        send_account_email(prefix, person)
    [sent] = mail.outbox
    [(html, mimetype)] = sent.alternatives
    assert mimetype == "text/html"
    assert "Open Overheid" in html and "max-width:600px" in html  # notifications/email/_base.html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title and title != "Open Overheid"  # the email's own title
    assert 'lang="nl"' in html and "Hallo," in html and "Hallo," in sent.body  # Dutch, text and HTML alike
    secret = next(iter(ACCOUNT_EMAILS[prefix].values()))
    assert secret in html and secret in sent.body
    assert "zoe@example.org" not in html or prefix in ("unknown_account", "account_already_exists")
    parsed = strict(message_bytes(sent))
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]


@pytest.mark.django_db
def test_every_kind_of_email_parses_strictly_with_a_message_id_and_a_valid_date(django_capture_on_commit_callbacks):
    person = UserFactory(name="Zoë d'Ångström", language="nl")
    calendar = b"BEGIN:VCALENDAR\r\nSUMMARY:Sessie \xe2\x80\x98open data\xe2\x80\x99\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        send_account_email("login_code", person, language="en")
        messages_enqueue([
            announcement(person, key="format:announcement"),
            Outgoing(key="format:attachment", kind="session-registered", to_email=person.email, template="",
                     rendered=("Je bent aangemeld ‘meedenksessie’", "Tot dan.\n", "<p>Tot dan.</p>"),
                     attachments=[{"filename": "sessie ‘1’.ics", "mimetype": "text/calendar",
                                   "content": base64.b64encode(calendar).decode()}]),
        ])  # fmt: skip
    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        for eight_bit in (True, False):
            parsed = strict(message_bytes(sent, eight_bit=eight_bit))
            assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", parsed["Message-ID"])
            date = email.utils.parsedate_to_datetime(parsed["Date"])
            assert date.tzinfo is not None and abs(date - datetime.datetime.now(datetime.UTC)).total_seconds() < 60
            assert parsed["To"].addresses[0].addr_spec == person.email
    rows = {m.kind: m for m in Message.objects.all()}
    announced = strict(message_bytes(next(s for s in mail.outbox if "List-Unsubscribe" in s.extra_headers)))
    assert announced["Message-ID"] == rows["phase-opened"].headers["Message-ID"]  # from the row's key
    assert announced["List-Unsubscribe"] == rows["phase-opened"].headers["List-Unsubscribe"]


class Recorder:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.original_content)
        return "250 OK"


class FrozenDatetime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime(2026, 11, 29, 10, 0, tzinfo=datetime.UTC).astimezone(tz)


@pytest.mark.django_db(transaction=True)
def test_what_make_run_saves_is_byte_for_byte_what_smtp_sends(settings, tmp_path, monkeypatch):
    """The same row delivered by the console-and-file backend of `make run` and by the SMTP
    backend to a real SMTP server. The Date (the time of sending) and the MIME boundary (random)
    are pinned, so that any other difference shows."""

    monkeypatch.setattr("notifications.dispatch.dispatch", lambda ids: None)
    monkeypatch.setattr("django.core.mail.message.datetime", FrozenDatetime)
    person = UserFactory(name="Zoë d'Ångström")
    [pk] = messages_enqueue([announcement(person, key="same:bytes")])

    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = "core.mail.ConsoleAndFileBackend", str(tmp_path)
    monkeypatch.setattr(email.generator, "random", random.Random(7))  # the boundary
    assert delivery.deliver_messages([pk]).sent == 1
    [saved] = tmp_path.iterdir()
    assert saved.suffix == ".eml"

    Message.objects.filter(pk=pk).update(status=Message.Status.PENDING)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "core.mail.SMTPBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        monkeypatch.setattr(email.generator, "random", random.Random(7))
        assert delivery.deliver_messages([pk]).sent == 1
    finally:
        controller.stop()
    [received] = recorder.received
    assert saved.read_bytes() == received
    parsed = strict(received)
    assert parsed["Date"] == "Sun, 29 Nov 2026 10:00:00 +0000"
    assert parsed["List-Unsubscribe"].startswith("<http") and b"List-Unsubscribe: <http" in received
