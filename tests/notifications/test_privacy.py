"""Account secrets never stay in the outbox, staff see metadata only, and logs carry no address."""

import datetime
import email
import email.utils
import logging
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from allauth.core import context as allauth_context
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications import delivery
from notifications.account_adapter import OutboxAccountAdapter
from notifications.models import Message
from notifications.services import message_bodies_expire, message_enqueue
from tests.factories import UserFactory
from tests.notifications.test_outbox import announcement


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # the admin's texts below are checked in English
    return client


CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6})\s*$", re.M)


def request_code(client, person, capture):
    """Someone (here: a moderator, signed in) asks for a login code for ``person``'s account."""
    with capture(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": person.email})
    assert response.status_code == 302
    return CODE.search(mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_a_moderator_who_requests_a_login_code_for_someone_else_cannot_read_it(
    client, totp, django_capture_on_commit_callbacks
):
    victim = UserFactory()
    moderator = totp(UserFactory(role="moderator"))
    code = request_code(client, victim, django_capture_on_commit_callbacks)  # sent to the victim only
    message = Message.objects.get(kind="account-login_code")
    # The row after sending: no code, no body at all.
    assert message.status == Message.Status.SENT and message.secret
    assert (message.body_text, message.body_html) == ("", "")
    assert not Message.objects.filter(body_text__contains=code).exists()
    assert not Message.objects.filter(body_html__contains=code).exists()

    client.force_login(moderator)
    changelist = client.get(reverse("admin:notifications_message_changelist"), {"q": victim.email})
    change = client.get(reverse("admin:notifications_message_change", args=[message.pk]))
    assert changelist.status_code == change.status_code == 200
    assert victim.email in changelist.content.decode()  # the metadata is there…
    for page in (changelist, change):
        assert code not in page.content.decode()  # …the code is not
    assert "Not shown: an account email holds a code" in change.content.decode()


@pytest.mark.django_db
def test_secret_bodies_are_never_shown_even_while_pending_even_to_superusers(client, totp):
    victim = UserFactory()
    # Written but not sent yet (the mail server is down): the body is still in the row.
    request = RequestFactory().get("/")
    with allauth_context.request_context(request):
        OutboxAccountAdapter().send_mail(
            "account/email/login_code", victim.email, {"code": "QX7-SECRET", "user": victim}
        )
    message = Message.objects.get(kind="account-login_code")
    assert message.status == Message.Status.PENDING and "QX7-SECRET" in message.body_text
    for user in (totp(UserFactory(role="moderator")), totp(UserFactory(is_superuser=True, is_staff=True))):
        client.force_login(user)
        html = client.get(reverse("admin:notifications_message_change", args=[message.pk])).content.decode()
        assert "QX7-SECRET" not in html
        # The body cannot be searched or filtered for either (a search would reveal it bit by bit).
        found = client.get(reverse("admin:notifications_message_changelist"), {"q": "QX7-SECRET"})
        assert victim.email not in found.content.decode()
        probe = client.get(reverse("admin:notifications_message_changelist"), {"body_text__contains": "QX7"})
        assert probe.status_code == 400 and victim.email not in probe.content.decode()


@pytest.mark.django_db
def test_a_superuser_reads_the_body_of_normal_messages_and_a_moderator_does_not(
    client, totp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_enqueue(announcement(UserFactory()))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.body_text  # a normal message keeps its body
    line = next(line for line in message.body_text.splitlines() if line.strip())
    url = reverse("admin:notifications_message_change", args=[message.pk])

    client.force_login(totp(UserFactory(is_superuser=True, is_staff=True)))
    assert line in client.get(url).content.decode()
    client.force_login(totp(UserFactory(role="moderator")))
    html = client.get(url).content.decode()
    assert line not in html and "Only administrators can read what a message says." in html
    assert message.subject in html  # the metadata stays


@pytest.mark.django_db
def test_account_emails_are_sent_once_when_delivered_twice(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": UserFactory().email})
    message = Message.objects.get(kind="account-login_code")
    again = delivery.deliver_messages([message.pk])
    assert (again.sent, again.skipped) == (0, 1)
    assert len(mail.outbox) == 1 and CODE.search(mail.outbox[0].body)  # the one email has the code


@pytest.mark.django_db
def test_a_failed_account_email_is_wiped_and_cannot_be_resent(client, totp, settings, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    victim = UserFactory(email="weigert.iemand@example.org")
    client.post(reverse("account_request_login_code"), {"email": victim.email})
    message = Message.objects.get(kind="account-login_code")
    delivery.deliver_messages([message.pk])
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and (message.body_text, message.body_html) == ("", "")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(totp(UserFactory(role="moderator")))
    response = client.post(
        reverse("admin:notifications_message_changelist"),
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "cannot be sent again" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and mail.outbox == []


@pytest.mark.django_db
def test_a_refused_delivery_logs_the_message_id_and_no_address(settings, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    message = message_enqueue(announcement(UserFactory(email="weigert@example.org")))
    with caplog.at_level(logging.DEBUG):
        assert delivery.deliver_messages([message.pk]).failed == 1
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"Message {message.pk} not sent" in logged and "550" in logged
    assert "@" not in logged and "weigert" not in logged


@pytest.mark.django_db
def test_the_retention_job_wipes_bodies_sent_over_30_days_ago_only(django_capture_on_commit_callbacks):
    now = timezone.now()
    user = UserFactory()
    rows = {}
    for name, days, status in [
        ("old", 31, Message.Status.SENT),
        ("recent", 29, Message.Status.SENT),
        ("pending", 40, Message.Status.PENDING),
        ("failed", 40, Message.Status.FAILED),
        ("digested", 40, Message.Status.DIGESTED),
    ]:
        message = message_enqueue(announcement(user, key=name))
        stamp = now - datetime.timedelta(days=days)
        Message.objects.filter(pk=message.pk).update(
            status=status, created_at=stamp, sent_at=stamp if status == Message.Status.SENT else None
        )
        rows[name] = message.pk
    assert message_bodies_expire(now=now) == 2
    assert message_bodies_expire(now=now) == 0  # running it twice is harmless
    kept = dict(Message.objects.values_list("key", "body_text"))
    assert kept["old"] == kept["digested"] == ""
    assert kept["recent"] and kept["pending"] and kept["failed"]
    assert Message.objects.get(key="old").subject  # the record of what was sent stays


@pytest.mark.django_db
def test_an_account_email_left_pending_for_a_day_is_failed_and_wiped(client):
    client.post(reverse("account_request_login_code"), {"email": UserFactory().email})  # never sent
    message = Message.objects.get(kind="account-login_code")
    assert message.status == Message.Status.PENDING and message.body_text
    assert message_bodies_expire(now=timezone.now() + datetime.timedelta(hours=2)) == 0  # still deliverable
    assert message_bodies_expire(now=timezone.now() + datetime.timedelta(days=2)) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.body_text == ""


@pytest.fixture
def smtp(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "core.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield received
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_login_code_over_smtp_arrives_once_with_message_id_and_date_and_is_wiped(client, smtp):
    person = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": person.email})  # eager: sent at commit
    message = Message.objects.get(kind="account-login_code")
    assert delivery.deliver_messages([message.pk]).sent == 0  # a second delivery sends nothing
    assert len(smtp) == 1
    parsed = email.message_from_bytes(smtp[0])
    assert parsed["Message-ID"] == message.headers["Message-ID"]
    sent_at = email.utils.parsedate_to_datetime(parsed["Date"])
    if sent_at.tzinfo is None:  # "-0000": in UTC (RFC 5322 3.3)
        sent_at = sent_at.replace(tzinfo=datetime.UTC)
    assert abs((sent_at - timezone.now()).total_seconds()) < 60
    text = next(p for p in parsed.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert CODE.search(text)  # the person got the code…
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.body_text == message.body_html == ""  # …we did not keep it


@pytest.mark.django_db
def test_the_retention_job_is_on_beat():
    from config.celery_app import app
    from notifications.tasks import expire_message_bodies

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "notifications.tasks.expire_message_bodies" in tasks
    assert expire_message_bodies.apply().get() == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_existing_account_emails_secret_and_wipes_the_sent_ones():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("notifications", "0002_preferences_themes_suppression")],
        [("notifications", "0003_message_secret_and_retention")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("notifications", "Message")
    common = {"category": "transactional", "to_email": "a@example.org", "subject": "Inlogcode"}
    old.objects.create(key="s", kind="account-login_code", status="sent", body_text="Code: AB12-CD34", **common)
    old.objects.create(key="p", kind="account-login_code", status="pending", body_text="Code: EF56-GH78", **common)
    old.objects.create(key="n", kind="idea-answered", status="sent", body_text="Uw idee", **common)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    rows = {m.key: (m.secret, m.body_text) for m in Message.objects.all()}
    assert rows == {"s": (True, ""), "p": (True, "Code: EF56-GH78"), "n": (False, "Uw idee")}
