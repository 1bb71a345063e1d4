"""Timeline job of contributions: forget the email addresses of staff-entered contributions once
their plan is published (run hourly on beat with the other timeline jobs, notifications/timeline.py)."""

import datetime

from ideas.services import submitter_emails_forget
from notifications.timeline import timeline_job


@timeline_job
def forget_submitter_emails(*, today: datetime.date) -> int:
    return submitter_emails_forget(today=today)
