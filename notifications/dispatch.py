"""Queueing the sending of outbox rows: the ``deliver`` task and the calls that queue it.

Below ``services`` (which queues what it writes) and ``tasks`` (the other Celery entry points),
so that the outbox's modules import each other in one direction only (the contract in
pyproject.toml). The task keeps its name ``notifications.tasks.deliver``, so tasks queued before
a deploy still find it.
"""

import logging

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from notifications import delivery

logger = logging.getLogger(__name__)
DISPATCH_BATCH = 50
MAX_DISPATCH_BATCH = 250


@shared_task(
    name="notifications.tasks.deliver", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def deliver(self, message_ids: list[int]) -> dict:
    try:
        outcome = delivery.deliver_messages(message_ids)
    except delivery.ConnectionLost as error:
        # The mail server is unreachable: try the whole batch again later, with backoff.
        raise self.retry(countdown=min(600, 5 * 2**self.request.retries), exc=error) from error
    return outcome.__dict__


def dispatch_on_commit(ids: list[int]) -> None:
    """Queue the sending after commit. If the broker is down then, nothing is lost: the rows stay
    pending and the periodic sweep picks them up."""
    if ids:
        transaction.on_commit(lambda: dispatch(ids))


def dispatch(ids: list[int]) -> None:
    # Batches of DISPATCH_BATCH, larger for a large fan-out (each task costs a database connection
    # and an SMTP session), yet at least two when there are enough, so that two pool processes
    # share the work.
    size = min(MAX_DISPATCH_BATCH, max(DISPATCH_BATCH, -(-len(ids) // 4)))
    for start in range(0, len(ids), size):
        batch = list(ids[start : start + size])
        try:
            deliver.delay(batch)
        except (OperationalError, ConnectionError, OSError):  # broker unreachable: the sweep sends them
            logger.warning("Could not queue %d messages; the sweep will send them", len(batch))
            return
