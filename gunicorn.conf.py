"""gunicorn reads this file from its working directory (/app in the image) without a flag.

The access log goes through a logger that removes email addresses and account tokens from the
request line, query string and referer (core/log_redaction.py)."""

logger_class = "core.log_redaction.RedactingGunicornLogger"
