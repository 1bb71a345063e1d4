"""Celery tasks: thin wrappers that load ids and call the delivery and timeline code."""

from celery import shared_task

from notifications import delivery, digest, services, timeline


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver(self, message_ids: list[int]) -> dict:
    try:
        outcome = delivery.deliver_messages(message_ids)
    except delivery.ConnectionLost as error:
        # The mail server is unreachable: try the whole batch again later, with backoff.
        raise self.retry(countdown=min(600, 5 * 2**self.request.retries), exc=error) from error
    return outcome.__dict__


@shared_task(acks_late=True)
def sweep() -> int:
    """Queue pending messages whose task was lost (Redis down, worker killed) or whose retry is due."""
    ids = delivery.due_message_ids()
    services.dispatch(ids)
    return len(ids)


@shared_task(acks_late=True)
def run_timeline_jobs() -> dict:
    return timeline.run_jobs()


@shared_task(acks_late=True)
def send_weekly_digests() -> int:
    return digest.send_digests()


@shared_task(acks_late=True)
def expire_message_bodies() -> int:
    """The outbox's retention rule (services.message_bodies_expire), once a day on beat."""
    return services.message_bodies_expire()
