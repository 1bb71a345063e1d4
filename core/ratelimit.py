"""A small fixed-window rate limiter on the shared cache (Redis in production), for anonymous and
per-person limits that allauth does not cover. IP addresses are hashed, never stored.

The counters live in the ``default`` cache, which holds nothing else of ours (the pages have a
cache of their own, so no number of page requests can push a counter out), and allauth keeps its
counters there too. With Redis down the cache fails open (``core.cache.FailOpenRedisCache``):
every hit is allowed and a warning is logged, so that nobody loses what they typed.
"""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def client_ip(request) -> str:
    """The client's address as allauth's own limits see it: behind ``TRUSTED_PROXY_COUNT``
    proxies (``ALLAUTH_TRUSTED_PROXY_COUNT``) the entry that many from the right of
    X-Forwarded-For, which the nearest trusted proxy wrote; without trusted proxies REMOTE_ADDR,
    whatever X-Forwarded-For a client sends."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address: such requests share one count
        return ""


def _key(scope: str, ident: str, window: int, at: float) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ident}".encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{digest}:{int(at // window)}"


# The clock of the windows: tests pin it (tests/conftest.py).
clock = time.time


def allow(scope: str, limits: list[tuple[str, int]], window: int = 3600, *, now: float | None = None) -> bool:
    """Count one hit for each (identity, limit); False if any identity is over its limit.

    The hit is only counted when all limits allow it, so refused attempts do not extend the block.
    Windows are fixed (whole hours by default) on ``clock`` (or ``now``, in seconds): a count that
    straddles the turn of a window starts again from zero, which is why tests pin the clock.
    """
    at = clock() if now is None else now
    keys = [(_key(scope, ident, window, at), limit) for ident, limit in limits]
    for key, limit in keys:
        if (cache.get(key) or 0) >= limit:
            return False
    for key, _limit in keys:
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
    return True
