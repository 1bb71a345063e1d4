"""Run the periodic jobs once: timeline jobs, the outbox's retention rule, then the outbox sweep.

Celery beat does this in production; `make run` (no broker, tasks in-process) calls it at start
so that the demo's announcements and reminders go out, and it is handy after a pinned
PLATFORM_TODAY changes.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import delivery, services, timeline
from notifications.digest import send_digests
from notifications.dispatch import dispatch


class Command(BaseCommand):
    help = "Run the timeline jobs and send pending email once."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Also send the weekly digests now.")

    def handle(self, *args, **options):
        for name, created in timeline.run_jobs().items():
            self.stdout.write(f"{name}: {created} new messages")
        if options["digest"]:
            self.stdout.write(f"digests: {send_digests()}")
        self.stdout.write(f"retention: {services.message_bodies_expire()} message bodies deleted")
        ids = delivery.due_message_ids(now=timezone.now() + delivery.SWEEP_GRACE)
        dispatch(ids)
        self.stdout.write(f"outbox: {len(ids)} pending messages handed to delivery")
