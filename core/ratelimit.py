"""A small fixed-window rate limiter on the shared cache (Redis in production), for anonymous and
per-person limits that allauth does not cover. IP addresses are hashed, never stored."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ident}".encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, limits: list[tuple[str, int]], window: int = 3600) -> bool:
    """Count one hit for each (identity, limit); False if any identity is over its limit.

    The hit is only counted when all limits allow it, so refused attempts do not extend the block.
    """
    keys = [(_key(scope, ident, window), limit) for ident, limit in limits]
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
