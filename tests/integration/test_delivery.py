"""The outbox against real services: PostgreSQL, Redis, a Celery worker in its own processes and
an SMTP server. Each test checks exactly-once delivery at the SMTP server by Message-ID: every
expected message arrives, none twice, and every row ends ``sent`` (or ``failed`` when refused).
"""

import ast
import collections
import datetime
import threading

import pytest
from django.utils import timezone

from notifications.models import Message
from notifications.services import Outgoing, messages_enqueue
from tests.integration.conftest import SWEEP_GRACE_SECONDS, free_port, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

DELIVERY_TIMEOUT = 30


def transactional(n: int, prefix: str) -> list[Outgoing]:
    """Pre-rendered transactional messages (the path account emails take)."""
    return [
        Outgoing(
            key=f"itest:{prefix}:{i}",
            kind="itest",
            to_email=f"{prefix}{i}@example.org",
            template="",
            rendered=(f"Test {prefix} {i}", f"Bericht {i}\n", f"<p>Bericht {i}</p>"),
        )
        for i in range(n)
    ]


def expected_message_ids(ids) -> dict[str, int]:
    rows = Message.objects.filter(pk__in=ids).values_list("pk", "headers")
    return {headers["Message-ID"]: pk for pk, headers in rows}


def wait_for_delivery(smtp_server, ids, *, done_statuses=(Message.Status.SENT, Message.Status.FAILED)):
    """Until every row is done and the SMTP server has received at least as many messages as were sent."""

    def done():
        if Message.objects.filter(pk__in=ids).exclude(status__in=done_statuses).exists():
            return False
        sent = Message.objects.filter(pk__in=ids, status=Message.Status.SENT).count()
        return smtp_server.recorder.count() >= sent

    wait_until(done, timeout=DELIVERY_TIMEOUT, interval=0.1, message="all messages to be delivered")


def wait_until_due_for_the_sweep(ids):
    """The sweep leaves new rows alone for SWEEP_GRACE_SECONDS (so as not to race the task queued
    at commit); wait until the grace of every pending row has run out."""
    grace = datetime.timedelta(seconds=SWEEP_GRACE_SECONDS)
    pending = Message.objects.filter(pk__in=ids, status=Message.Status.PENDING)
    wait_until(
        lambda: not pending.exclude(next_attempt_at__lte=timezone.now() - grace).exists(),
        timeout=SWEEP_GRACE_SECONDS + 5,
        message="the pending messages to be due for the sweep",
    )


def assert_exactly_once(smtp_server, broker, ids, *, refused=(), lost=None):
    """``lost``: the unacked tasks of a killed worker (``broker.unacked()``), which come back only
    after the visibility timeout and a restore scan; every other task must have finished."""
    expected = expected_message_ids(ids)
    assert len(expected) == len(ids), "every row has its own Message-ID"
    # Anything sent twice would be sent by a task that is still queued or running: wait until none is.
    broker.wait_idle(timeout=DELIVERY_TIMEOUT, lost=lost)
    counts = collections.Counter(smtp_server.recorder.message_ids())
    refused_ids = {mid for mid, pk in expected.items() if pk in refused}
    duplicates = {mid: n for mid, n in counts.items() if n > 1}
    lost = set(expected) - refused_ids - set(counts)
    unexpected = set(counts) - set(expected)
    assert not duplicates, f"sent more than once: {duplicates}"
    assert not lost, f"{len(lost)} messages never arrived"
    assert not unexpected, f"messages that are not in the outbox arrived: {unexpected}"
    assert not refused_ids & set(counts), "a refused message arrived"
    statuses = collections.Counter(Message.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {
        Message.Status.SENT: len(ids) - len(refused),
        **({Message.Status.FAILED: len(refused)} if refused else {}),
    }


def test_two_hundred_announcements_arrive_exactly_once(celery_worker, smtp_server, broker):
    from tests.factories import ActionPlanFactory, PhaseFactory, UserFactory

    celery_worker()
    plan = ActionPlanFactory()
    phase = PhaseFactory(plan=plan)
    users = UserFactory.create_batch(200, verified=False)
    ids = messages_enqueue(
        Outgoing(
            key=f"phase-opened:{phase.pk}:{user.pk}",
            kind="phase-opened",
            to_email=user.email,
            template="plans/email/phase_opened",
            context={"phase": phase, "plan": plan, "what_you_can_do": "Doe mee."},
            recipient=user,
            topic="phase_announcements",
            plan=plan,
        )
        for user in users
    )
    assert len(ids) == 200
    wait_for_delivery(smtp_server, ids)
    assert_exactly_once(smtp_server, broker, ids)
    by_address = {r.to for r in smtp_server.recorder.received}
    assert by_address == {(user.email,) for user in users}


def test_the_same_deliver_task_queued_again_and_concurrently_sends_once(celery_worker, smtp_server, broker):
    from notifications.tasks import deliver

    smtp_server.recorder.data_delay = 0.005  # long enough for the duplicated tasks to overlap
    worker = celery_worker()
    ids = messages_enqueue(transactional(100, "dup"))  # queues 2 tasks of 50 on commit
    # A duplicated task: the same batch again, twice at the same moment from two threads.
    barrier = threading.Barrier(2)

    def queue_again():
        barrier.wait()
        deliver.delay(ids)

    threads = [threading.Thread(target=queue_again) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for_delivery(smtp_server, ids)
    assert_exactly_once(smtp_server, broker, ids)
    # All 4 tasks ran; between them each message was sent once, the rest skipped.
    results = wait_until(lambda: len(worker.task_results()) == 4 and worker.task_results(), timeout=10)
    outcomes = [ast.literal_eval(result) for result in results]  # the worker logs what each task returned
    assert sum(o["sent"] for o in outcomes) == 100
    assert sum(o["skipped"] for o in outcomes) == 2 * 100


def test_worker_killed_mid_batch_then_restarted_sends_the_rest_once(celery_worker, smtp_server, broker):
    from notifications.tasks import sweep

    recorder = smtp_server.recorder
    recorder.freeze_at_rcpt = 30  # from the 30th RCPT on, the server stalls before accepting anything
    worker = celery_worker(concurrency=2)
    ids = messages_enqueue(transactional(100, "kill"))  # 2 batches of 50, one per pool process
    # Both pool processes stalled at RCPT: nothing is between "accepted" and "committed" now.
    wait_until(lambda: recorder.stalled == 2, timeout=DELIVERY_TIMEOUT, message="both pool processes to stall")
    accepted_before_kill = recorder.count()
    worker.kill()
    lost = broker.unacked()  # the killed worker's two tasks
    assert len(lost) == 2
    recorder.thaw()
    assert accepted_before_kill == 29  # the messages of RCPT 1 to 29; each process is stuck at its next RCPT
    pending = Message.objects.filter(pk__in=ids, status=Message.Status.PENDING).count()
    assert pending == 100 - 29, "the rows of the messages not accepted stay pending (locks died with the worker)"

    celery_worker(concurrency=2)
    wait_until_due_for_the_sweep(ids)
    sweep.delay()
    wait_for_delivery(smtp_server, ids, done_statuses=(Message.Status.SENT,))
    assert_exactly_once(smtp_server, broker, ids, lost=lost)


def test_refused_address_fails_that_message_and_the_others_arrive(celery_worker, smtp_server, broker):
    smtp_server.recorder.refuse = {"weigert@example.org"}
    celery_worker()
    items = transactional(20, "ok")
    items[7] = Outgoing(
        key="itest:refused", kind="itest", to_email="weigert@example.org", template="", rendered=("Test", "x\n", "")
    )
    ids = messages_enqueue(items)
    wait_for_delivery(smtp_server, ids)
    refused = Message.objects.get(key="itest:refused")
    assert refused.status == Message.Status.FAILED
    assert "550" in refused.last_error and "weigert@example.org" in refused.last_error
    assert_exactly_once(smtp_server, broker, ids, refused={refused.pk})


def test_redis_down_at_commit_then_the_sweep_sends_all_once(
    celery_worker, smtp_server, broker, publisher, broker_url, caplog
):
    from notifications.tasks import sweep

    celery_worker()
    publisher.point_at(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    ids = messages_enqueue(transactional(120, "down"))
    assert "the sweep will send them" in caplog.text
    wait_until_due_for_the_sweep(ids)
    broker.wait_idle(timeout=DELIVERY_TIMEOUT)  # the worker waits for work: nothing is on its way
    assert smtp_server.recorder.count() == 0
    assert Message.objects.filter(pk__in=ids, status=Message.Status.PENDING).count() == 120

    publisher.point_at(broker_url)  # the broker is back
    barrier = threading.Barrier(2)

    def run_sweep():  # two sweeps at once (say, two beat processes by mistake)
        barrier.wait()
        sweep.delay()

    threads = [threading.Thread(target=run_sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for_delivery(smtp_server, ids)
    assert_exactly_once(smtp_server, broker, ids)


def test_a_mail_server_that_refuses_our_login_leaves_the_batch_pending(transactional_db, settings, monkeypatch):
    """A server-wide problem (here: 535 at AUTH) is no fault of the messages: the batch is retried
    later (ConnectionLost) and no message is counted as an attempt or marked failed."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from notifications import delivery
    from tests.integration.conftest import Recorder

    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=False, handled=False),  # 535
    )
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "platform", "wrong"
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        monkeypatch.setattr("notifications.dispatch.dispatch", lambda ids: None)  # this test delivers the batch itself
        ids = messages_enqueue(transactional(3, "login"))
        with pytest.raises(delivery.ConnectionLost, match="535"):
            delivery.deliver_messages(ids)
    finally:
        controller.stop()
    rows = Message.objects.filter(pk__in=ids).values_list("status", "attempts")
    assert sorted(rows) == [(Message.Status.PENDING, 0)] * 3
    assert recorder.count() == 0
