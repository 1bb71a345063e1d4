"""The Celery application. Without a broker (the embedded default) tasks run in-process."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("ogp")


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_logs(logger, **kwargs):
    """Celery sets up its own log handlers (it replaces those of settings.LOGGING): give them the
    filter that keeps email addresses and account tokens out of every line."""
    from core.log_redaction import RedactFilter

    for handler in logger.handlers:
        handler.addFilter(RedactFilter())


app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The whole beat schedule, in one place. Every job is safe to run twice and catches up on what
# it missed (see notifications/timeline.py and notifications/delivery.py).
app.conf.beat_schedule = {
    "sweep-outbox": {"task": "notifications.tasks.sweep", "schedule": 60.0},
    "timeline-jobs": {"task": "notifications.tasks.run_timeline_jobs", "schedule": crontab(minute=5)},
    "weekly-digest": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    # Retention: sent email bodies go after 30 days (the ideas app's timeline job forgets the
    # addresses of staff-entered contributions once their plan is published).
    "outbox-retention": {"task": "notifications.tasks.expire_message_bodies", "schedule": crontab(minute=30, hour=3)},
    # Generated PDFs whose task was lost (broker down at commit, worker killed): queued again.
    "pdf-sweep": {"task": "publication.tasks.sweep_pdfs", "schedule": 300.0},
}
