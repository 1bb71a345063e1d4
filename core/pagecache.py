"""Whole-page cache for anonymous visitors of the public contribution pages.

Most visitors of /ideas/ are not logged in, and for them a page depends only on its address, the
language and the data. Rendering a list of 20 contributions costs 10-40 ms of CPU; a cached page
is served in about twice the time of a bare Django view. So ``@anonymous_page_cache`` keeps the
HTML of such a page in the cache (Redis in production), and serves it while these are the same:

* the **generation** numbers it was rendered under (kept with the page, and read with it in one
  round trip), which every change to what these pages show raises: signals on the
  models each app names in its AppConfig (``page_cache_models``), and ``invalidate()`` in the
  services that write with ``update()``, ``bulk_update()`` or ``bulk_create()``. The number is
  raised when the transaction commits (once per transaction): a page another process renders
  after that reads the committed data. It is also raised at once, for readers inside the same
  transaction (the tests, whose transaction never commits);
* its key: the language, the variant (anonymous, htmx results only, a signed-in person's menu and
  what is their own on the page), the path, and the query parameters the page understands
  (``params``: filters, search, sort, page), sorted.

A request with any other query parameter (``?junk=1``, ``?utm_source=…``) is rendered as usual and
not kept: it would otherwise be another entry per made-up address, and the page it renders may
carry the parameter along (the list's pagination links do), so it is not the page of the address
without it either.

An anonymous visit (a GET without a session or messages cookie, not htmx) of a kept page is
answered by ``AnonymousHitMiddleware`` before the session, authentication, CSRF and messages
middleware run, with the same key, generations, page and headers; everything else reaches the
decorator.

A page is served from the cache only to a GET without pending messages, and kept only if it is a
plain 200 that sets no cookie and holds no CSRF token (such a page is personal). Signed-in people
get it from the cache only where the page says so (``members=``, below: the list, a
contribution's page); elsewhere a page is rendered for them, whose parts that are the same for
everyone (the filters, the results, a contribution's text and answer) come from Django's
``{% cache %}`` tag,
keyed on the same generation (``page_generation`` in every template's context, see
``core.context_processors``). The tag keeps whatever it renders: never put anything personal in
such a part (a form with a CSRF token, the visitor's own supports, links only staff may see).
``PAGE_CACHE_SECONDS`` bounds the age of a page whatever else
happens (a change made with raw SQL, say). Without the cache (Redis down) pages are rendered as
usual: the ``pages`` backend (``core.cache.PageCache``) fails open.
"""

import functools
import hashlib
import hmac
import time
import weakref
from dataclasses import dataclass
from urllib.parse import urlencode

import rules
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.html import escape

from core.middleware import language_of

GENERATION_KEY = "pagecache:generation"  # the site's generation ("site")
SITE = "site"
KEPT_HEADERS = ("Content-Type", "Vary")
# A named generation that is missing (never bumped, or expired) is a new number, so it may expire:
# a day keeps Redis from holding one per contribution for ever.
NAMED_TIMEOUT = 24 * 3600
# The session key that marks a person who just changed something a lagging generation counts (a
# support): until the number shown to everyone has caught up with their change, their pages use the
# current number (and are not kept: a page of their own), see ``mark_fresh``.
FRESH_SESSION_KEY = "_pagecache_fresh"


def pages_cache():
    """The cache of pages and fragments: an alias of its own (``CACHES["pages"]``), apart from
    the rate-limit counters in ``default``. Any visitor can fill it with new addresses; that may
    push out pages, never a counter."""
    return caches["pages"]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def lag_seconds() -> int:
    """How old the lagging generations (the counts) may be on a cached page."""
    return min(settings.PAGE_CACHE_COUNTS_SECONDS, settings.PAGE_CACHE_SECONDS)


def _new_generation() -> int:
    """A number no earlier generation had: the time in microseconds (generations are raised by
    one at a time, far less often than once a microsecond). Used when the number is missing, on a
    new cache or after Redis evicted it, so that pages kept under an earlier number never return."""
    return time.time_ns() // 1000


def _cache_key(name: str) -> str:
    return GENERATION_KEY if name == SITE else f"pagecache:gen:{name}"


def _shown_key(name: str) -> str:
    return f"pagecache:shown:{name}"


def _created(key: str, found: dict | None = None) -> int:
    """The number under ``key``, made if missing (or the cache is down: PageCache then answers
    that the add worked, and the new number is one no page was ever kept under)."""
    cache = pages_cache()
    value = (found or {}).get(key)
    if value is None:
        candidate = _new_generation()
        timeout = None if key == GENERATION_KEY else NAMED_TIMEOUT
        value = candidate if cache.add(key, candidate, timeout=timeout) else cache.get(key)
        if value is None:
            value = candidate
    return value


def _fresh_marks(request) -> dict:
    """The lagging generations this request's person has just raised, with the number each had
    right after their change (``mark_fresh``); empty when there are none, or they have expired."""
    session = getattr(request, "session", None)
    mark = session.get(FRESH_SESSION_KEY) if session is not None else None
    if not isinstance(mark, dict) or mark.get("until", 0) <= time.time():
        return {}
    return mark.get("seen", {})


def generations(request=None, names=(), lagging=()) -> tuple:
    return _generations_and(request, names, lagging)[0]


def _generations_and(request=None, names=(), lagging=(), also: str | None = None) -> tuple[tuple, object]:
    """The current numbers of the site's generation and of ``names``, then of ``lagging``: one
    round trip to the cache for all of them, and read once per request when the request is given.

    A *lagging* generation is the number as it was up to ``PAGE_CACHE_COUNTS_SECONDS`` ago: the
    number shown to readers (``pagecache:shown:<name>``) is copied from the current one when it
    has expired. So a support, which raises ``ideas:counts`` every second on a busy day, changes
    the key of the list pages at most once per that many seconds. Someone who just raised it
    (``mark_fresh``) reads the shown number too once it has caught up with their change (it is
    then at least the number their change made), and the current one until then: a page rendered
    under a number nobody else is shown is theirs alone and not kept (``request._pagecache_own``),
    so it never pushes out the page everyone else gets under the same key.

    ``also``: one more key to read in the same round trip (a kept page); its value comes second."""
    memo = getattr(request, "_page_generations", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._page_generations = memo
    lag = lag_seconds()
    marks = _fresh_marks(request) if lagging and lag > 0 and request is not None else {}
    wanted = [(SITE, False), *((n, False) for n in names), *((n, lag > 0) for n in lagging)]
    # Their change may be newer than the number shown: the current one too, in the same round trip.
    also_current = [(n, False) for n in lagging if n in marks]
    missing = [item for item in dict.fromkeys([*wanted, *also_current]) if item not in memo]
    found = {}
    if missing or also:
        keys = {item: _shown_key(item[0]) if item[1] else _cache_key(item[0]) for item in missing}
        found = pages_cache().get_many(list({*keys.values(), *([also] if also else [])}))
    if missing:
        for item, key in keys.items():
            name, shown = item
            value = found.get(key)
            if value is None and shown:
                value = memo.get((name, False)) or _created(_cache_key(name), found)
                pages_cache().set(key, value, timeout=lag)
            elif value is None:
                value = _created(key, found)
            memo[item] = value
    numbers = []
    for name, shown in wanted:
        value = memo[(name, shown)]
        if shown and name in marks and value < marks[name]:
            value = memo[(name, False)]  # what everyone is shown is older than their change
            request._pagecache_own = True
        numbers.append(value)
    return tuple(numbers), found.get(also) if also else None


def version(request=None, names=(), lagging=()) -> str:
    """The generations as one string, for a key: ``{% cache … results_version … %}``."""
    if not enabled():
        return "off"
    return _joined(generations(request, names, lagging))


def _joined(numbers) -> str:
    return ".".join(str(n) for n in numbers)


def generation(request=None) -> int:
    """The site's current generation; read once per request when the request is given."""
    return generations(request)[0]


def mark_fresh(request, *names: str) -> None:
    """The person of this request has just raised the lagging generations ``names`` (a support):
    their own pages show their change from now on. The number each has now (after the change's
    commit) is kept in their session for ``PAGE_CACHE_COUNTS_SECONDS``: while the number shown to
    everyone is lower, their pages use the current one (rendered for them, see
    ``_generations_and``); once it has caught up, which takes at most that long, they get the pages
    everyone gets."""
    session = getattr(request, "session", None)
    if not (enabled() and session is not None and lag_seconds() > 0 and names):
        return
    current = generations(None, names)[1:]
    session[FRESH_SESSION_KEY] = {
        "until": time.time() + lag_seconds() + 1,
        "seen": dict(zip(names, current, strict=True)),
    }
    if hasattr(request, "_page_generations"):
        del request._page_generations


def _bump(name: str = SITE) -> None:
    key = _cache_key(name)
    try:
        pages_cache().incr(key)
    except ValueError:  # missing: a new number (another process may have set one: as good)
        pages_cache().add(key, _new_generation(), timeout=None if name == SITE else NAMED_TIMEOUT)


# The names to bump when the transaction a connection is in commits. Every ``invalidate()``
# inside a transaction adds its names to the connection's set and queues an ``on_commit`` callback
# carrying that set; after the commit the callbacks run in order, the first finds its set current,
# takes it away and bumps every name in it once, and the rest find it gone and do nothing: one
# bump per name and transaction, however many changes. A rollback drops the callbacks but leaves
# the set; the next transaction adds to that same set and its callbacks carry it, so its first one
# still bumps (the rolled-back names too: one bump more than needed, never one too few). A
# callback that itself starts a transaction and invalidates gets a new set, so the callbacks left
# of the earlier one do not take it. (Only public API: ``transaction.on_commit`` and
# ``in_atomic_block``; weak keys, so a closed connection leaves nothing behind.)
_pending_bump: "weakref.WeakKeyDictionary[object, set]" = weakref.WeakKeyDictionary()


def _bump_once(connection, pending) -> None:
    if _pending_bump.get(connection) is pending:
        del _pending_bump[connection]
        for name in sorted(pending):
            _bump(name)


def invalidate(*names: str) -> None:
    """Something that the cached pages show has changed: drop the pages keyed on the generations
    ``names`` (without names: the site's generation, which every cached page is keyed on), now
    and after commit (once per name and transaction: a bulk action that saves 50 rows bumps once
    on its commit, not 50 times). Also with the page cache off: what else is kept under these
    generations (the lists' counts) must follow."""
    names = names or (SITE,)
    for name in names:
        _bump(name)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # autocommit: the change is committed, and the bump above came after it
    pending = _pending_bump.get(connection)
    if pending is None:
        pending = _pending_bump[connection] = set()
    pending.update(names)
    transaction.on_commit(functools.partial(_bump_once, connection, pending))


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


def _no_waiting_message(request) -> bool:
    if request.COOKIES.get(CookieStorage.cookie_name):
        return False  # a message waits to be shown: this page is personal
    session = getattr(request, "session", None)
    return not (session is not None and session.session_key and session.get("_messages"))


def _cacheable_request(request, params: frozenset, members: bool) -> bool:
    if request.method != "GET" or (request.user.is_authenticated and not members):
        return False
    if not params.issuperset(request.GET):
        return False  # a parameter the page does not understand: rendered, not kept
    return _no_waiting_message(request)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def csrf_placeholder() -> str:
    """What a page kept for signed-in people holds instead of the CSRF token: derived from the
    secret key (the same in every process), never sent to anyone, replaced per request."""
    return "csrf-" + hmac.new(settings.SECRET_KEY.encode(), b"pagecache-csrf", "sha256").hexdigest()[:32]


def _variant(request, own: str = "") -> str:
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return "results"  # the results only: nothing personal in them, the same for everyone
    if not request.user.is_authenticated:
        return "page"
    # A signed-in person's page: the same for every person who sees the same menu (and, where the
    # page says so, the same of what is their own on it: ``members=<function>``).
    menu = "member-staff" if rules.has_perm("accounts.access_staff_pages", request.user) else "member"
    return f"{menu}-{own}" if own else menu


def _key(request, variant: str, language: str | None = None) -> str:
    """Where a page is kept. The generations it was rendered under are kept with it, not in the
    key: one round trip to the cache reads the page and the current generations together, and the
    page is served only when they are the same (a newer page replaces it under the same key)."""
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    where = _digest(f"{request.get_host()}{request.path}?{query}")
    return f"pagecache:page:{language or request.LANGUAGE_CODE}:{variant}:{where}"


def _kept_response(request, kept, gens: str, member: bool = False) -> HttpResponse | None:
    """The kept page as a response, if it was rendered under the current generations ``gens``."""
    if kept is None or kept[0] != gens:
        return None
    _gens, content, headers = kept
    response = HttpResponse(_member_content(request, content) if member else content)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    # A message shown on the page or waiting for the next one makes the page personal (public
    # API: the storage's length counts both).
    return len(messages.get_messages(request)) == 0


def _personal(request, content: bytes) -> bool:
    """A page rendered for a signed-in person that shows who they are is theirs alone."""
    user = request.user
    marks = [user.email, getattr(user, "name", "")]
    return any(mark and escape(mark).encode() in content for mark in marks)


def _member_content(request, content: bytes) -> bytes:
    return content.replace(csrf_placeholder().encode(), get_token(request).encode())


def anonymous_page_cache(view=None, *, params=(), parts=(), lagging=(), members=False):
    """Keep the page for anonymous visitors; ``params`` are the query parameters the page
    understands (``@anonymous_page_cache(params=["page"])``); a request with any other is not kept.

    ``parts`` names the generations the page is keyed on besides the site's (a tuple, or a
    function of the view's arguments: ``lambda request, pk: (f"idea:{pk}",)``), ``lagging`` the
    lagging ones (counts that may be a few seconds old, see ``generations``).

    ``members=True``: signed-in people get the page from the cache too, kept per language, path
    and menu (with or without the staff link), with their own CSRF token put in on every request;
    the page is rendered with a placeholder for it (``csrf_token`` in ``core.context_processors``).
    Only for a page whose only personal parts are the menu and forms without other personal data:
    a rendered page that holds the person's name or address is not kept.

    ``members=<function of the view's arguments>``: the same, for a page that shows a signed-in
    person something of their own (whether they supported it, a staff link): the function answers
    with a short string that says all of it (the page is kept once per answer), or with None when
    the page must be rendered for this person (one they may not see: the view refuses it). It runs
    before the cache is asked, so it must check what the view's permission check checks."""
    if view is None:
        return functools.partial(anonymous_page_cache, params=params, parts=parts, lagging=lagging, members=members)
    understood = frozenset(params)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not enabled() or not _cacheable_request(request, understood, bool(members)):
            return view(request, *args, **kwargs)
        own = ""
        if callable(members) and request.user.is_authenticated:
            if getattr(request, "htmx", False) and not request.htmx.boosted:
                return view(request, *args, **kwargs)  # "results" is for pages whose results hold nothing of anyone
            own = members(request, *args, **kwargs)
            if own is None:
                return view(request, *args, **kwargs)
        names = parts(request, *args, **kwargs) if callable(parts) else parts
        variant = _variant(request, own)
        member = variant.startswith("member")
        key = _key(request, variant)
        # An anonymous visit the early middleware has just looked up (and missed) is not asked again.
        looked_up = getattr(request, "_pagecache_missed", None) == key
        numbers, kept = _generations_and(request, names, lagging, also=None if looked_up else key)
        gens = _joined(numbers)
        response = _kept_response(request, kept, gens, member)
        if response is not None:
            return response
        if member:
            request._pagecache_member = True  # render the CSRF token as the placeholder
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response = response.render()
        theirs_alone = getattr(request, "_pagecache_own", False)  # under a number only they are shown
        if _keepable(request, response) and not theirs_alone and not (member and _personal(request, response.content)):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            pages_cache().set(key, (gens, response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
        if member and response.status_code == 200 and not response.streaming:
            response.content = _member_content(request, response.content)
        response["X-Page-Cache"] = "miss"
        return response

    # What the early middleware needs to answer an anonymous visit before the view is reached.
    _ANSWERED_EARLY[wrapped] = _CachedView(understood, parts, tuple(lagging))
    return wrapped


@dataclass(frozen=True)
class _CachedView:
    params: frozenset
    parts: object  # a tuple of names, or a function of the view's arguments
    lagging: tuple


# The views the early middleware may answer, keyed by the function the decorator returned: a view
# that another decorator wraps again (a permission check, say) is not this function, so its
# requests always reach that decorator (an attribute would be copied onto it by functools.wraps).
_ANSWERED_EARLY: dict = {}


class AnonymousHitMiddleware:
    """Answers an anonymous visit of a kept page before the session, authentication, CSRF and
    messages middleware run, which cost more than the cached page itself (issue #16: nine in ten
    requests on a busy day are such visits).

    Only a GET without a session cookie and without a messages cookie is answered here: without a
    session nobody is signed in, no message waits in it, and nobody is marked fresh, so the page is
    exactly the one the decorator would serve (key, generations and all; ``tests/core/
    test_pagecache.py`` compares the two, headers included). Everything else, and every miss, goes
    on down the chain as before; a miss is not looked up a second time by the decorator.

    It sits after WhiteNoise and before ``SessionMiddleware``: what the middleware above it adds to
    every response (security headers, the Content-Security-Policy, X-Frame-Options) is added to
    these too; what the ones below would add to an anonymous hit is added here (``_as_below``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._hit(request)
        return self.get_response(request) if response is None else response

    def _hit(self, request):
        if not enabled() or request.method != "GET" or "HTTP_HX_REQUEST" in request.META:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None  # perhaps signed in, or a message waits: the chain below decides
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        view = _ANSWERED_EARLY.get(match.func)
        if view is None or not view.params.issuperset(request.GET):
            return None
        names = view.parts(request, *match.args, **match.kwargs) if callable(view.parts) else view.parts
        language = language_of(request)
        key = _key(request, "page", language)
        numbers, page = _generations_and(request, names, view.lagging, also=key)
        response = _kept_response(request, page, _joined(numbers))
        if response is None:
            request._pagecache_missed = key
            return None
        return _as_below(response, language)


def _as_below(response, language: str) -> HttpResponse:
    """The headers the middleware below ``AnonymousHitMiddleware`` gives an anonymous hit: the
    locale's Vary and Content-Language, the session's Vary (the decorator's hit reads the session
    to see that nobody is signed in) and CommonMiddleware's Content-Length."""
    patch_vary_headers(response, ("Accept-Language",))
    response.headers.setdefault("Content-Language", language)
    patch_vary_headers(response, ("Cookie",))
    response.headers.setdefault("Content-Length", str(len(response.content)))
    return response
