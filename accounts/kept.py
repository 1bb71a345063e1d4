"""The signed-in person's row, kept between requests in the "sessions" cache (encrypted like the
sessions, ``core.cache.SealedValues``), so that a signed-in page kept whole by the page cache asks
the database nothing (issue #16).

Only the common case is answered from the cache: a session whose user id, authentication backend
and session hash are all there, a kept row whose session hash matches and that is active. Anything
else (no kept row, another hash after a password change, a deactivated person, an unknown
backend) goes to Django's own ``django.contrib.auth.get_user``, which reads the row, verifies the
session and logs out where it must, exactly as without this module. A saved or deleted person
drops their kept row at once and again on commit (``connect``); ``KEEP_SECONDS`` bounds a change
made with raw SQL.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

CACHE = "sessions"
KEEP_SECONDS = 300


def _key(pk) -> str:
    return f"person:{pk}"


def _fields():
    return get_user_model()._meta.concrete_fields


def _dumped(user) -> dict:
    values = {}
    for field in _fields():
        value = field.value_from_object(user)
        values[field.attname] = (
            value if value is None or isinstance(value, bool | int | str) else field.value_to_string(user)
        )
    return values


def _loaded(values: dict):
    fields = _fields()
    if set(values) != {f.attname for f in fields}:
        return None  # kept by another version of the model: read it again
    names = [f.attname for f in fields]
    return get_user_model().from_db(
        DEFAULT_DB_ALIAS, names, [f.to_python(values[n]) for f, n in zip(fields, names, strict=True)]
    )


# Other values kept per person in this cache, read in the same round trip as the row: (the key of
# a person's pk, what to do with the value found for the person the row answers).
_read_along: list[tuple[Callable[[object], str], Callable[[object, object], None]]] = []


def read_along(key: Callable[[object], str], keep: Callable[[object, object], None]) -> None:
    """Read the value under ``key(pk)`` with a person's kept row (``accounts.roles``: the names of
    their groups, which every signed-in page asks for) and hand it to ``keep(user, value)`` when
    the row answers the request; a missing value is left to be read as usual."""
    if (key, keep) not in _read_along:
        _read_along.append((key, keep))


def person(request):
    """``request.user``: the kept row when the session matches it, else Django's answer."""
    session = request.session
    user_id, backend, session_hash = (session.get(k) for k in (SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY))
    if user_id is None or backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    cache = caches[CACHE]
    found = cache.get_many([_key(user_id), *(key(user_id) for key, _keep in _read_along)])
    values = found.get(_key(user_id))
    user = _loaded(values) if values is not None else None
    matches = user is not None and str(user.pk) == str(user_id) and user.is_active
    if matches and constant_time_compare(session_hash, user.get_session_auth_hash()):
        for key, keep in _read_along:
            if (value := found.get(key(user_id))) is not None:
                keep(user, value)
        return user
    user = auth.get_user(request)
    if user.is_authenticated:
        cache.set(_key(user.pk), _dumped(user), KEEP_SECONDS)
    return user


def drop(keys) -> None:
    """Drop these keys of the sessions cache now and, should the change that makes them stale
    still be in a transaction, once more when it commits (a request that read the old value
    meanwhile may have kept it again). Used for the kept rows and the kept roles."""
    keys = list(keys)
    if keys:
        caches[CACHE].delete_many(keys)
        transaction.on_commit(lambda: caches[CACHE].delete_many(keys))


def forget(pk) -> None:
    drop([_key(pk)])


def _saved(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    user_model = get_user_model()
    post_save.connect(_saved, sender=user_model, dispatch_uid="accounts.kept.saved")
    post_delete.connect(_saved, sender=user_model, dispatch_uid="accounts.kept.deleted")


class KeptPersonMiddleware:
    """Right after Django's AuthenticationMiddleware: ``request.user`` from ``person``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: person(request))
        return self.get_response(request)
