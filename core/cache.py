"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call,
and variants that fail open when Redis is down: for the rate-limit counters and for the pages.

Django builds a new ``redis.Redis`` for every cache operation, and redis-py 8 fills a table of
~170 response callbacks in its constructor: about 0.4 ms of CPU per ``cache.get``, more than a
whole cached page costs otherwise (core/pagecache.py). A client is safe to share between threads
(its connection pool hands each command its own connection), so one per pool is kept.
"""

import logging
import time

from cryptography.fernet import InvalidToken
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

from core.session_serializer import EncryptedJSONSerializer

logger = logging.getLogger(__name__)
# Redis down, unreachable, too slow, or refusing writes (out of memory): redis-py raises a
# RedisError for all of these; OSError for what it does not wrap.
UNAVAILABLE = (RedisError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class FailOpenRedisCache(RedisCache):
    """The cache of the rate-limit counters (ours and allauth's): when Redis cannot be reached, it
    answers as an empty cache that keeps nothing, so every limit allows the request, and logs a
    warning. Failing closed would turn a Redis outage into an outage of logging in, submitting and
    reporting, and lose what people typed; a short window without limits is the lesser harm.

    ``add`` answers "added" on failure: allauth takes a lock with ``add`` and waits a second for
    it before refusing, and a counter that was "added" counts its first hit, which every limit allows.
    """

    WARNING_INTERVAL = 60  # seconds: one warning a minute per process, not one per request
    WARNING = "Rate-limit cache unavailable (%s: %s); rate limits are not enforced"

    def __init__(self, server, params):
        super().__init__(server, params)
        self._last_warning = None

    def _unavailable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if self._last_warning is None or now - self._last_warning >= self.WARNING_INTERVAL:
            self._last_warning = now
            logger.warning(self.WARNING, operation, error)

    def _fail_open(self, operation: str, fallback, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._fail_open("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._fail_open("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._fail_open("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._fail_open("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._fail_open("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._fail_open("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._fail_open("clear", False, super().clear)


class PageCache(FailOpenRedisCache):
    """The cache of pages and shared fragments (``CACHES["pages"]``, core/pagecache.py): when Redis
    cannot be reached, every page and fragment is a miss and is rendered as usual, and nothing is
    kept; one warning a minute, not a traceback per cache call. Django's ``{% cache %}`` tag does
    not catch a backend's errors, so the backend must not raise. ``add`` answering "added" makes
    ``pagecache.generation()`` use a number of its own, which no kept page has."""

    WARNING = "Page cache unavailable (%s: %s); pages are rendered without it"


class SealedValues:
    """Values encrypted before they are kept (``core.session_serializer``: JSON under Fernet with a
    key derived from SECRET_KEY): Django's ``cached_db`` sessions keep the session's *decoded*
    data in the cache, and the database copy is encrypted for a reason (allauth keeps pending
    login codes in a session). A value that does not decrypt (another key, tampered) is a miss."""

    def _sealed(self, value) -> bytes:
        return EncryptedJSONSerializer().dumps(value)

    def _opened(self, value):
        if value is None:
            return None
        try:
            return EncryptedJSONSerializer().loads(value)
        except (InvalidToken, TypeError, ValueError):
            return None

    def get(self, key, default=None, version=None):
        value = self._opened(super().get(key, None, version))
        return default if value is None else value

    def get_many(self, keys, version=None):
        opened = ((key, self._opened(value)) for key, value in self._sealed_many(keys, version).items())
        return {key: value for key, value in opened if value is not None}

    def _sealed_many(self, keys, version):
        return super().get_many(keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, self._sealed(value), timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, self._sealed(value), timeout, version)


class LocalSessionCache(SealedValues, LocMemCache):
    """The sessions cache of the embedded default and the tests: in process memory, sealed too."""

    def _sealed_many(self, keys, version):
        # LocMemCache's get_many asks get() per key, which opens the values already.
        found = ((key, LocMemCache.get(self, key, None, version)) for key in keys)
        return {key: value for key, value in found if value is not None}


class SessionCache(SealedValues, FailOpenRedisCache):
    """The cache of the signed-in people's sessions (``SESSION_ENGINE`` ``cached_db``) and of their
    roles (``accounts.roles.group_names``): a signed-in page reads both on every request, from Redis
    instead of two queries. Values are sealed (``SealedValues``). Everything fails open, as for the
    counters: while Redis is down, sessions and roles are read from the database, and logging in
    and out keep working.

    A copy is kept for at most ``KEEP_SECONDS``, whatever the session's age: a logout while Redis is
    unreachable (not emptied: a network failure) cannot delete the copy, and this bounds how long
    it could be used should Redis come back with it."""

    WARNING = "Session cache unavailable (%s: %s); sessions and roles are read from the database"
    KEEP_SECONDS = 3600

    def _bounded(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return self.KEEP_SECONDS if timeout is None else min(timeout, self.KEEP_SECONDS)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, self._bounded(timeout), version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, self._bounded(timeout), version)
