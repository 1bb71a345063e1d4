"""No email address and no account token in any log line: the filter on every handler, and
gunicorn's access log."""

import datetime
import logging
import sys

from django.conf import settings

from core.log_redaction import RedactFilter, RedactingGunicornLogger, redact


def test_redact_removes_addresses_and_account_tokens():
    reply = "550 5.1.1 <Jan.de-Vries+ogp@gemeente.example.nl>: Recipient address rejected ('x@y.nl')"
    assert redact(reply) == "550 5.1.1 <<address>>: Recipient address rejected ('<address>')"
    line = "GET /admin/notifications/message/?q=jan%40example.org&o=1 HTTP/1.1"
    assert redact(line) == "GET /admin/notifications/message/?q=<address>&o=1 HTTP/1.1"
    assert redact("/accounts/password/reset/key/2-cq7x3f-0a1b2c3d4e5f/") == "/accounts/password/reset/key/…/"
    assert redact("/notifications/unsubscribe/eyJ1IjoxfQ:1x:abc/") == "/notifications/unsubscribe/…/"
    assert redact("/sessions/cancel/MTI:1x:abc/ and /sessions/sessie-1/cancel/") == (
        "/sessions/cancel/…/ and /sessions/sessie-1/cancel/"
    )


def test_every_record_on_our_handlers_is_redacted_with_its_traceback():
    assert "redact" in settings.LOGGING["handlers"]["console"]["filters"]
    try:
        raise ValueError("duplicate key (email)=(jan@example.org)")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Sent to %s", ("piet@example.org",), exc_info=sys.exc_info()
        )
    RedactFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "Sent to <address>" in formatted and "ValueError: duplicate key (email)=(<address>)" in formatted
    assert "@" not in formatted


def test_the_access_log_shows_no_address_and_no_reset_key():
    from gunicorn.config import Config

    class Response:
        status, sent, headers = "200 OK", 10, []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/accounts/password/reset/key/2-cq7x3f-0a1b2c3d4e5f/?next=/x&email=jan@example.org",
        "PATH_INFO": "/accounts/password/reset/key/2-cq7x3f-0a1b2c3d4e5f/",
        "QUERY_STRING": "next=/x&email=jan@example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://example.org/admin/?q=piet%40example.org",
        "REMOTE_ADDR": "127.0.0.1",
    }
    atoms = RedactingGunicornLogger(Config()).atoms(Response(), [], environ, datetime.timedelta(seconds=1))
    logged = " ".join(str(atoms[k]) for k in ("r", "U", "q", "f"))
    assert "0a1b2c3d4e5f" not in logged and "example.org" not in logged.replace("https://example.org", "")
    assert "@" not in logged and "%40" not in logged


def test_djangos_own_handlers_are_replaced_by_redacting_ones():
    """Django's console handler (when DEBUG) and runserver's request lines would print paths and
    query strings unredacted; their records go to handlers with the filter instead."""
    assert logging.getLogger("django").handlers == []
    for name in ("", "django.server"):
        handlers = [h for h in logging.getLogger(name).handlers if type(h).__module__ == "logging"]
        assert handlers and all(any(isinstance(f, RedactFilter) for f in h.filters) for h in handlers)


def test_celerys_ready_line_keeps_the_worker_name():
    record = logging.LogRecord("celery.apps.worker", logging.INFO, __file__, 1, "%s ready.", ("celery@web-1",), None)
    RedactFilter().filter(record)
    assert record.getMessage() == "celery@web-1 ready."
