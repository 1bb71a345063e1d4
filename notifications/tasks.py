"""Celery tasks: thin wrappers that load ids and call the delivery and timeline code. ``deliver``
lives in ``notifications.dispatch``, under its name here."""

from celery import shared_task

from notifications import delivery, digest, services, timeline
from notifications.dispatch import deliver, dispatch

__all__ = ["deliver"]  # defined next to the code that queues it, under this name


@shared_task(acks_late=True)
def sweep() -> int:
    """Queue pending messages whose task was lost (Redis down, worker killed) or whose retry is due."""
    ids = delivery.due_message_ids()
    dispatch(ids)
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
