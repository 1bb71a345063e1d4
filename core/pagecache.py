"""Whole-page cache for anonymous visitors of the public contribution pages.

Most visitors of /ideas/ are not logged in, and for them a page depends only on its address, the
language and the data. Rendering a list of 20 contributions costs 10-40 ms of CPU; a cached page
is served in about the time of a bare Django view. So ``@anonymous_page_cache`` keeps the HTML of
such a page in the cache (Redis in production) under a key made of:

* a **generation** number, which every change to what these pages show raises (signals on the
  models of the apps below, and ``invalidate()`` in services that write with ``update()``). The
  number is raised when the transaction commits (once per transaction): a page another process
  renders after that reads the committed data. It is also raised at once, for readers inside the
  same transaction (the tests, whose transaction never commits);
* the language, whether it is an htmx request for the results only, the path, and the query
  parameters the page understands (``params``: filters, search, sort, page), sorted.

A request with any other query parameter (``?junk=1``, ``?utm_source=…``) is rendered as usual and
not kept: it would otherwise be another entry per made-up address, and the page it renders may
carry the parameter along (the list's pagination links do), so it is not the page of the address
without it either.

A page is served from the cache only to an anonymous GET without pending messages, and kept only
if it is a plain 200 that sets no cookie and holds no CSRF token (such a page is personal). Logged-
in people always get a fresh page. ``PAGE_CACHE_SECONDS`` bounds the age of a page whatever else
happens (a change made with raw SQL, say). Without the cache (Redis down) pages are rendered as
usual.
"""

import functools
import hashlib
import logging
import time
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Apps whose rows appear on the cached pages: contributions, supports, themes, building blocks,
# plans and phases, sessions (linked from a contribution), commitments (that draw on one).
WATCHED_APPS = {"ideas", "plans", "cocreation", "commitments"}
WATCHED_MODELS = {("accounts", "organisation"), ("accounts", "user")}  # names shown with a contribution
KEPT_HEADERS = ("Content-Type", "Vary")


def pages_cache():
    """The cache of pages and fragments: an alias of its own (``CACHES["pages"]``), apart from
    the rate-limit counters in ``default``. Any visitor can fill it with new addresses; that may
    push out pages, never a counter."""
    return caches["pages"]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _new_generation() -> int:
    """A number no earlier generation had: the time in microseconds (generations are raised by
    one at a time, far less often than once a microsecond). Used when the number is missing, on a
    new cache or after Redis evicted it, so that pages kept under an earlier number never return."""
    return time.time_ns() // 1000


def generation(request=None) -> int:
    """The current generation; read once per request when the request is given."""
    if request is not None and hasattr(request, "_page_generation"):
        return request._page_generation
    value = pages_cache().get(GENERATION_KEY)
    if value is None:
        pages_cache().add(GENERATION_KEY, _new_generation(), timeout=None)
        value = pages_cache().get(GENERATION_KEY)
    if request is not None:
        request._page_generation = value
    return value


def _bump() -> None:
    try:
        pages_cache().incr(GENERATION_KEY)
    except ValueError:  # missing: a new number (another process may have set one: as good)
        pages_cache().add(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:  # the cache is down: pages are not served from it either
        logger.warning("Could not invalidate the page cache", exc_info=True)


def invalidate() -> None:
    """Something that the cached pages show has changed: drop them, now and after commit (once per
    transaction: a bulk action that saves 50 rows queues one bump for its commit, not 50)."""
    if not enabled():
        return
    _bump()
    connection = transaction.get_connection()
    if not any(callback is _bump for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_bump)


def _changed(sender, update_fields=None, **kwargs) -> None:
    if sender._meta.model_name == "user" and update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing on these pages
    invalidate()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        invalidate()


def connect_signals() -> None:
    """Connected per model (a receiver for every model would turn off Django's fast deletes)."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in WATCHED_APPS or (meta.app_label, meta.model_name) in WATCHED_MODELS:
            post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{meta.label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{meta.label}")
            if meta.auto_created:  # a many-to-many table, e.g. the themes of a contribution
                m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=f"pagecache-m2m-{meta.label}")


def _cacheable_request(request, params: frozenset) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    if not params.issuperset(request.GET):
        return False  # a parameter the page does not understand: rendered, not kept
    if request.COOKIES.get(CookieStorage.cookie_name):
        return False  # a message waits to be shown: this page is personal
    session = getattr(request, "session", None)
    return not (session is not None and session.session_key and session.get("_messages"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _key(request, gen: int) -> str:
    variant = "results" if getattr(request, "htmx", False) and not request.htmx.boosted else "page"
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    where = _digest(f"{request.get_host()}{request.path}?{query}")
    return f"pagecache:{gen}:{request.LANGUAGE_CODE}:{variant}:{where}"


def _cache_get(key_of):
    """The kept value for the key that ``key_of()`` makes (reading the generation), with the key;
    (None, None) when the cache is down: the page is then rendered as usual and not kept."""
    try:
        key = key_of()
        return pages_cache().get(key), key
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None, None


def _cache_set(key: str | None, value) -> None:
    if key is None:
        return
    try:
        pages_cache().set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not keep a page or fragment in the cache", exc_info=True)


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


def anonymous_page_cache(view=None, *, params=()):
    """Keep the page for anonymous visitors; ``params`` are the query parameters the page
    understands (``@anonymous_page_cache(params=["page"])``); a request with any other is not kept."""
    if view is None:
        return functools.partial(anonymous_page_cache, params=params)
    understood = frozenset(params)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not enabled() or not _cacheable_request(request, understood):
            return view(request, *args, **kwargs)
        kept, key = _cache_get(lambda: _key(request, generation(request)))
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response = response.render()
        if _keepable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            _cache_set(key, (response.content, headers))
        response["X-Page-Cache"] = "miss"
        return response

    return wrapped


def fragment(request, name: str, vary_on: list, render) -> str:
    """The HTML of a part of a page that is the same for everyone (``{% shared_fragment %}``),
    from the cache when the data has not changed since it was rendered. Logged-in people get
    their own page, but its shared parts (the filter form, the results, a contribution's text and
    answer) come from here. A fragment that turned out to hold a CSRF token is not kept."""
    if not enabled():
        return render()
    where = _digest(repr([str(v) for v in vary_on]))
    html, key = _cache_get(lambda: f"fragment:{generation(request)}:{translation.get_language()}:{name}:{where}")
    if html is not None:
        return html
    token_before = request is not None and request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    html = render()
    if not (request is not None and request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_before):
        _cache_set(key, html)  # not when the render put a CSRF token in: personal after all
    return html
