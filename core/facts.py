"""Facts about a person or a plan, read once per request.

A page asks several permissions about the same person and plan (can they read this commitment,
edit it, review it...), and each predicate needs the same few facts: their organisations, their
forum seats, the plan's phases. ``fact(obj, name, compute)`` reads one once per object, and the
request's user and the plan loaded for the page live as long as the request, so a fact is read
once per request and never outlives it. All facts of an object sit in one dictionary, instead of
an attribute per fact pinned on the object by each app.
"""

from collections.abc import Callable

_SLOT = "_platform_facts"


def fact[T](obj, name: str, compute: Callable[[], T]) -> T:
    # getattr/setattr, not __dict__: request.user is a lazy wrapper that passes them on to the user.
    facts = getattr(obj, _SLOT, None)
    if facts is None:
        facts = {}
        setattr(obj, _SLOT, facts)
    if name not in facts:
        facts[name] = compute()
    return facts[name]
