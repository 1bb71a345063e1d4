"""gunicorn reads this file from its working directory (/app in the image) without a flag.

The access log goes through a logger that removes email addresses and account tokens from the
request line, query string and referer (core/log_redaction.py)."""

import os

logger_class = "core.log_redaction.RedactingGunicornLogger"

# Sync workers: WEB_CONCURRENCY (the variable gunicorn itself knows), by default 4. A request
# that is served from the page cache still waits on Redis, and a signed-in one on PostgreSQL:
# with one worker per core the cores were idle a third of the time on a busy day
# (bench/contributions.py, mode busy); two per core fill those waits. About 80 MiB each.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
