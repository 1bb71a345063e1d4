import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications import delivery, digest
from notifications.models import Message, Preferences
from notifications.services import Outgoing, message_enqueue, messages_enqueue, preferences_for, unsubscribe_url
from notifications.timeline import reminder_due, run_jobs
from plans.models import Phase
from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory

D = datetime.date


def announcement(user, key="test:1", **kwargs):
    plan = kwargs.pop("plan", None) or ActionPlanFactory()
    phase = plan.phases.first() or PhaseFactory(plan=plan)
    return Outgoing(
        key=key,
        kind="phase-opened",
        to_email=user.email,
        template="plans/email/phase_opened",
        context={"phase": phase, "plan": plan, "what_you_can_do": "Doe mee."},
        recipient=user,
        topic="phase_announcements",
        plan=plan,
        **kwargs,
    )


@pytest.mark.django_db
def test_a_second_message_with_the_same_key_is_never_created(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(announcement(user))
        message_enqueue(announcement(user, plan=Message.objects.get().plan))
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Message.objects.get().status == Message.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_the_message_and_the_change_commit_together():
    """A message written in a transaction that rolls back is gone with it, and nothing is sent."""
    from django.db import transaction

    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        message_enqueue(announcement(user))
        raise RuntimeError("the change failed")
    assert not Message.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_announcement_is_in_the_recipients_language_with_unsubscribe_header(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(announcement(user))
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "has started" in sent.subject
    html = sent.alternatives[0][0]
    assert 'lang="en"' in html and "/notifications/unsubscribe/" in html
    assert "http://" in sent.body and "/plans/" in sent.body  # absolute links


@pytest.mark.django_db
def test_transactional_messages_have_no_unsubscribe_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": UserFactory().email})
    assert len(mail.outbox) == 1
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert Message.objects.get().category == Message.Category.TRANSACTIONAL


@pytest.mark.django_db
def test_opted_out_people_get_no_announcement_and_digest_people_get_it_held():
    quiet, weekly = UserFactory(), UserFactory()
    Preferences.objects.create(user=quiet, phase_announcements=False)
    Preferences.objects.create(user=weekly, weekly_digest=True)
    assert message_enqueue(announcement(quiet, key="a")) is None
    assert message_enqueue(announcement(weekly, key="b")).status == Message.Status.HELD


@pytest.mark.django_db
def test_weekly_digest_bundles_held_announcements_once(django_capture_on_commit_callbacks, settings):
    settings.PLATFORM_TODAY = "2022-09-26"
    user = UserFactory()
    Preferences.objects.create(user=user, weekly_digest=True)
    plan = ActionPlanFactory()
    message_enqueue(announcement(user, key="a", plan=plan))
    message_enqueue(announcement(user, key="b", plan=plan))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests() == 1
        assert digest.send_digests() == 0
    assert len(mail.outbox) == 1
    assert "2 announcements" in mail.outbox[0].subject or "2 aankondigingen" in mail.outbox[0].subject
    assert set(Message.objects.exclude(kind="digest").values_list("status", flat=True)) == {Message.Status.DIGESTED}


@pytest.mark.django_db
def test_refused_address_fails_that_message_only(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    good, bad = UserFactory(email="goed@example.org"), UserFactory(email="weigert@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        messages_enqueue([announcement(bad, key="bad"), announcement(good, key="good", plan=ActionPlanFactory())])
    assert Message.objects.get(key="good").status == Message.Status.SENT
    failed = Message.objects.get(key="bad")
    assert failed.status == Message.Status.FAILED
    assert "550" in failed.last_error and "weigert@example.org" in failed.last_error


@pytest.mark.django_db
def test_temporary_smtp_error_is_retried_later_with_backoff(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.BusyBackend"
    message = message_enqueue(announcement(UserFactory()))
    outcome = delivery.deliver_messages([message.pk])
    message.refresh_from_db()
    assert outcome.deferred == 1
    assert message.status == Message.Status.PENDING and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now() + datetime.timedelta(seconds=20)


@pytest.mark.django_db
def test_unreachable_mail_server_leaves_the_batch_pending(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    message = message_enqueue(announcement(UserFactory()))
    with pytest.raises(delivery.ConnectionLost):
        delivery.deliver_messages([message.pk])
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.attempts == 0


@pytest.mark.django_db
def test_sweep_sends_what_was_left_pending_and_nothing_twice(django_capture_on_commit_callbacks):
    user = UserFactory()
    # Written while the broker was down: rows pending, their tasks lost.
    message_enqueue(announcement(user, key="a"))
    message_enqueue(announcement(user, key="b", plan=ActionPlanFactory()))
    Message.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=5))
    from notifications.tasks import sweep

    assert sweep.apply().get() == 2
    assert sweep.apply().get() == 0
    assert len(mail.outbox) == 2
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


@pytest.mark.django_db
def test_delivering_the_same_batch_twice_sends_once():
    message = message_enqueue(announcement(UserFactory()))
    first = delivery.deliver_messages([message.pk])
    second = delivery.deliver_messages([message.pk])
    assert (first.sent, second.sent, second.skipped) == (1, 0, 1)
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_batch_send_each_message_once():
    """Two workers given the same batch at once (a duplicated task): row locks let each message
    through once."""
    user = UserFactory()
    plan = ActionPlanFactory()
    ids = messages_enqueue([announcement(user, key=f"k{i}", plan=plan) for i in range(30)])
    assert len(ids) == 30
    # Sent in-process at commit already; put them back as if their task had been queued twice.
    Message.objects.update(status=Message.Status.PENDING, sent_at=None)
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    outcomes = []

    def work():
        barrier.wait()
        outcomes.append(delivery.deliver_messages(ids))
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(o.sent for o in outcomes) == 30
    assert len(mail.outbox) == 30
    assert len({m.to[0] + m.subject + m.extra_headers["Message-ID"] for m in mail.outbox}) == 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_the_same_key_create_one_row():
    user = UserFactory()
    plan = ActionPlanFactory()
    barrier = threading.Barrier(4)
    item = announcement(user, key="same", plan=plan)

    def write():
        barrier.wait()
        messages_enqueue([item])
        connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Message.objects.filter(key="same").count() == 1


def test_reminder_due_catches_up_with_only_the_nearest_reminder():
    deadline = D(2022, 9, 20)
    assert reminder_due(deadline=deadline, days_before=(7, 1), today=D(2022, 9, 12)) is None
    assert reminder_due(deadline=deadline, days_before=(7, 1), today=D(2022, 9, 13)) == 7
    assert reminder_due(deadline=deadline, days_before=(7, 1), today=D(2022, 9, 18)) == 7
    assert reminder_due(deadline=deadline, days_before=(7, 1), today=D(2022, 9, 19)) == 1
    assert reminder_due(deadline=deadline, days_before=(7, 1), today=D(2022, 9, 20)) is None


@pytest.mark.django_db
def test_phase_announcements_go_to_followers_once_and_catch_up(django_capture_on_commit_callbacks):
    plan = ActionPlanFactory()
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))
    PhaseFactory(plan=plan, kind=Phase.Kind.EXPLORATION, starts_on=D(2022, 1, 1), ends_on=D(2022, 5, 31))
    follower, other = UserFactory(), UserFactory()
    preferences_for(follower).plans.add(plan)
    job = "notifications.timeline.announce_opened_phases"
    assert run_jobs(today=D(2022, 5, 20))[job] == 0  # exploration: not announced
    with django_capture_on_commit_callbacks(execute=True):
        # The job did not run on 1 June; on 3 June it catches up.
        assert run_jobs(today=D(2022, 6, 3))[job] == 1
        assert run_jobs(today=D(2022, 6, 4))[job] == 0
    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert other.email not in str([m.to for m in mail.outbox])


@pytest.mark.django_db
def test_unsubscribe_link_works_without_login_and_refuses_tampering(client):
    user = UserFactory()
    url = unsubscribe_url(user_id=user.pk, topic="phase_announcements").split("http://127.0.0.1:8000", 1)[-1]
    assert client.get(url).status_code == 200  # a confirmation page: link checkers do not unsubscribe
    assert preferences_for(user).phase_announcements
    response = client.post(url)  # one click (RFC 8058), no login, no CSRF token
    assert response.status_code == 200
    assert not Preferences.objects.get(user=user).phase_announcements
    tampered = url.replace("/unsubscribe/", "/unsubscribe/x")
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "not valid" in response.content.decode() or "niet geldig" in response.content.decode()


@pytest.mark.django_db
def test_people_choose_their_announcements_and_digest_in_their_profile(client):
    user = UserFactory()
    plan = ActionPlanFactory()
    client.force_login(user)
    response = client.post(
        reverse("notifications:preferences"), {"plans": [plan.pk], "phase_announcements": "on", "weekly_digest": "on"}
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=user)
    assert list(prefs.plans.all()) == [plan]
    assert prefs.weekly_digest and prefs.phase_announcements and not prefs.invitations


@pytest.mark.django_db
def test_follow_a_plan_from_its_process_page(client):
    plan = ActionPlanFactory()
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("notifications:follow", args=[plan.slug]))
    assert list(preferences_for(user).plans.all()) == [plan]
    client.post(reverse("notifications:follow", args=[plan.slug]), {"follow": "0"})
    assert not preferences_for(user).plans.exists()


@pytest.mark.django_db
def test_staff_see_the_outbox_and_resend_a_failed_message(client, totp, django_capture_on_commit_callbacks):
    message = message_enqueue(announcement(UserFactory()))
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, last_error="550 no such user")
    client.force_login(totp(UserFactory(role="moderator")))
    changelist = reverse("admin:notifications_message_changelist")
    html = client.get(changelist, {"q": message.to_email}).content.decode()
    assert message.to_email in html and "550 no such user" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "resend", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and len(mail.outbox) == 1


@pytest.mark.django_db
def test_participants_cannot_see_the_outbox(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:notifications_message_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response.url


@pytest.mark.django_db
def test_invitation_to_a_bare_address_can_be_unsubscribed_from(client, django_capture_on_commit_callbacks):
    plan = ActionPlanFactory()
    invitation = announcement(UserFactory(), key="inv-1", plan=plan)
    invitation.recipient, invitation.to_email, invitation.topic = None, "Gast@Example.org", "invitations"
    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(invitation)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link.split("http://127.0.0.1:8000", 1)[-1]).status_code == 200
    invitation.key = "inv-2"
    assert message_enqueue(invitation) is None  # suppressed from now on
    assert len(mail.outbox) == 1


# --- Email templates live with the app that sends them ------------------------------------------


def test_each_app_keeps_its_email_templates_and_notifications_only_the_shared_ones():
    """A new app adds its emails in templates/<app>/email/<name>/ without touching notifications:
    the outbox renders the folder it is given, and only the shared base and footer and the digest
    (which notifications sends itself) stay in templates/notifications/email/."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    assert sorted(p.name for p in (root / "notifications" / "email").iterdir()) == [
        "_base.html",
        "_footer.txt",
        "digest",
    ]
    for app, name in [("ideas", "idea_answer"), ("sessions", "session_registered"), ("plans", "phase_opened"),
                      ("commitments", "commitment_drafting_reminder")]:  # fmt: skip
        assert {p.name for p in (root / app / "email" / name).iterdir()} == {"subject.txt", "body.txt", "body.html"}


def test_a_template_name_without_its_folder_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="ideas/email/idea_answer"):
        Outgoing(key="k", kind="idea-answer", to_email="a@example.org", template="idea_answer")


@pytest.mark.django_db
def test_an_answer_is_rendered_from_the_ideas_templates(django_capture_on_commit_callbacks, people):
    from ideas.services import ideas_respond
    from tests.ideas.factories import IdeaFactory

    author = UserFactory(language="en")
    idea = IdeaFactory(author=author, title="Open agenda's")
    with django_capture_on_commit_callbacks(execute=True):
        ideas_respond(ids=[idea.pk], actor=people["process_owner"], outcome="partly", response="Komt in het plan.")
    message = Message.objects.get(kind="idea-answer")
    assert message.to_email == author.email and "Open agenda's" in message.body_text
    assert "Komt in het plan." in message.body_html and "<html" in message.body_html  # the shared base
