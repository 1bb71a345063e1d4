"""Log lines carry no email address and no secret from a URL.

``redact`` removes email addresses (also percent-encoded, as in a search query string) and the
tokens of links that act for a person (password-reset keys, unsubscribe and cancellation links).
``RedactFilter`` applies it to every record on our log handlers (settings.LOGGING, and Celery's
handlers in config/celery_app.py), including the text of a traceback; gunicorn's access log goes
through ``RedactingGunicornLogger`` (gunicorn.conf.py). Code should still log ids rather than
addresses: this is the safety net, not the rule.
"""

import logging
import re
import traceback

# Anything shaped like an address, also inside <…> or quotes in an SMTP reply, or encoded in a URL.
_ADDRESS = re.compile(r"[^\s<>\"'(),;:\[\]/?&=]+(?:@|%40)[^\s<>\"'(),;:\[\]/?&=]+", re.IGNORECASE)
# A path segment that is itself a key to someone's account or registration.
_TOKEN = re.compile(r"(/password/reset/key/|/unsubscribe/|/cancel/)[^/?#\s\"']+")


def redact(text: str) -> str:
    return _TOKEN.sub(r"\1…", _ADDRESS.sub("<address>", text))


class RedactFilter(logging.Filter):
    """Formats the record's message and traceback now, redacted (a handler filter runs before the
    handler formats the record, so the formatter uses these)."""

    # Celery's start-up lines name the worker as ``name@host`` ("celery@web-1 ready."), which is
    # no email address, and which operators (and the integration tests) look for.
    EXEMPT = ("celery.apps.worker",)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in self.EXEMPT:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: let logging report it as usual
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is only in the production image's requirements
    _GunicornLogger = None

if _GunicornLogger is not None:

    class RedactingGunicornLogger(_GunicornLogger):
        """gunicorn's logger, with the request line, path, query string, referer and user of the
        access log redacted (an admin search for an address, a password-reset link)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("r", "U", "q", "f", "u", "{referer}i"):
                if isinstance(atoms.get(key), str):
                    atoms[key] = redact(atoms[key])
            return atoms
