import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.i18n import set_language as django_set_language

logger = logging.getLogger(__name__)


# The language switch is in every page's header. Without a CSRF token there, public pages are the
# same for every anonymous visitor and can be cached (core/pagecache.py). All a forged request can
# do here is switch someone's language, which they switch back with one click.
set_language = csrf_exempt(django_set_language)


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_broker() -> str:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    """Liveness and readiness for load balancers and `docker compose`: 200 when healthy, else 503."""
    checks = {"database": _check_database}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _check_broker
    result, healthy = {}, True
    for name, check in checks.items():
        try:
            result[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            logger.warning("Health check %s failed: %s", name, error)
            result[name] = "error"
            healthy = False
    if "broker" not in result:
        result["broker"] = "not configured (tasks run in-process)"
    return JsonResponse({"status": "ok" if healthy else "error", **result}, status=200 if healthy else 503)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Render with the request so the page is in the visitor's language; if even that fails (the
    # error may be in the templates), fall back to a plain bilingual page.
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001
        logger.exception("Could not render the 500 page")
        template = loader.get_template("500_plain.html")
        return HttpResponseServerError(template.render())
