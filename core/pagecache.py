"""Whole-page cache for anonymous visitors of the public contribution pages.

Most visitors of /ideas/ are not logged in, and for them a page depends only on its address, the
language and the data. Rendering a list of 20 contributions costs 10-40 ms of CPU; a cached page
is served in about the time of a bare Django view. So ``@anonymous_page_cache`` keeps the HTML of
such a page in the cache (Redis in production) under a key made of:

* a **generation** number, which every change to what these pages show raises: signals on the
  models each app names in its AppConfig (``page_cache_models``), and ``invalidate()`` in the
  services that write with ``update()``, ``bulk_update()`` or ``bulk_create()``. The number is
  raised when the transaction commits (once per transaction): a page another process renders
  after that reads the committed data. It is also raised at once, for readers inside the same
  transaction (the tests, whose transaction never commits);
* the language, whether it is an htmx request for the results only, the path, and the query
  parameters the page understands (``params``: filters, search, sort, page), sorted.

A request with any other query parameter (``?junk=1``, ``?utm_source=…``) is rendered as usual and
not kept: it would otherwise be another entry per made-up address, and the page it renders may
carry the parameter along (the list's pagination links do), so it is not the page of the address
without it either.

A page is served from the cache only to an anonymous GET without pending messages, and kept only
if it is a plain 200 that sets no cookie and holds no CSRF token (such a page is personal).
Logged-in people get a page rendered for them, whose parts that are the same for everyone (the
filters, the results, a contribution's text and answer) come from Django's ``{% cache %}`` tag,
keyed on the same generation (``page_generation`` in every template's context, see
``core.context_processors``). The tag keeps whatever it renders: never put anything personal in
such a part (a form with a CSRF token, the visitor's own supports, links only staff may see).
``PAGE_CACHE_SECONDS`` bounds the age of a page whatever else
happens (a change made with raw SQL, say). Without the cache (Redis down) pages are rendered as
usual: the ``pages`` backend (``core.cache.PageCache``) fails open.
"""

import functools
import hashlib
import time
import weakref
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse

GENERATION_KEY = "pagecache:generation"
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
    cache = pages_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Missing (a new cache, or evicted), or the cache is down (PageCache then answers that
        # the add worked): in both cases the new number is one no page was ever kept under.
        candidate = _new_generation()
        value = candidate if cache.add(GENERATION_KEY, candidate, timeout=None) else cache.get(GENERATION_KEY)
        if value is None:
            value = candidate
    if request is not None:
        request._page_generation = value
    return value


def _bump() -> None:
    try:
        pages_cache().incr(GENERATION_KEY)
    except ValueError:  # missing: a new number (another process may have set one: as good)
        pages_cache().add(GENERATION_KEY, _new_generation(), timeout=None)


# The token of the bump queued for the transaction a connection is in. Every ``invalidate()``
# inside a transaction queues an ``on_commit`` callback carrying the connection's token; after the
# commit the callbacks run in order, the first finds its token current, takes it away and bumps,
# and the rest find it gone and do nothing: one bump per transaction, however many changes. A
# rollback drops the callbacks but leaves the token; the next transaction's callbacks carry that
# same token, so its first one still bumps. A callback that itself starts a transaction and
# invalidates gets a new token, so the callbacks left of the earlier one do not take it. (Only
# public API: ``transaction.on_commit`` and ``in_atomic_block``; weak keys, so a closed connection
# leaves nothing behind.)
_pending_bump: "weakref.WeakKeyDictionary[object, object]" = weakref.WeakKeyDictionary()


def _bump_once(connection, token) -> None:
    if _pending_bump.get(connection) is token:
        del _pending_bump[connection]
        _bump()


def invalidate() -> None:
    """Something that the cached pages show has changed: drop them, now and after commit (once per
    transaction: a bulk action that saves 50 rows bumps once on its commit, not 50 times)."""
    if not enabled():
        return
    _bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # autocommit: the change is committed, and the bump above came after it
    token = _pending_bump.setdefault(connection, object())
    transaction.on_commit(functools.partial(_bump_once, connection, token))


def _changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing on these pages
    invalidate()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        invalidate()


def watched_models() -> list:
    """The models whose rows the cached pages show. Each app names its own in its AppConfig:
    ``page_cache_models = ["Idea", "BuildingBlock"]`` (or ``"__all__"``); a model's own
    many-to-many tables come with it. Changes that go around ``save()`` and ``delete()``
    (``update()``, ``bulk_create()``) call ``invalidate()`` in the service that makes them, and so
    do changes to rows that are not watched but show on a page only through a watched one (a
    support, counted in ``Idea.support_count``)."""
    found = []
    for config in apps.get_app_configs():
        names = getattr(config, "page_cache_models", ())
        models = list(config.get_models()) if names == "__all__" else [config.get_model(n) for n in names]
        for model in models:
            found.append(model)
            for m2m in model._meta.local_many_to_many:
                if m2m.remote_field.through._meta.auto_created:
                    found.append(m2m.remote_field.through)
    return found


def connect_signals() -> None:
    """Connected per model (a receiver for every model would turn off Django's fast deletes)."""
    for model in watched_models():
        label = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{label}")
        if model._meta.auto_created:  # a many-to-many table, e.g. the themes of a contribution
            m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=f"pagecache-m2m-{label}")


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


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    # A message shown on the page or waiting for the next one makes the page personal (public
    # API: the storage's length counts both).
    return len(messages.get_messages(request)) == 0


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
        key = _key(request, generation(request))
        kept = pages_cache().get(key)
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
            pages_cache().set(key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapped
