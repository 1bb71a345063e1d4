"""Facts about the request's person are read once per request, and only for that request."""

from django.utils.functional import SimpleLazyObject

from accounts.models import User
from core.facts import fact


def test_a_fact_is_read_once_per_object_also_through_request_users_lazy_wrapper():
    reads = []
    user = User(pk=1, email="a@example.org")
    lazy = SimpleLazyObject(lambda: user)  # what request.user is
    assert fact(lazy, "seats", lambda: reads.append(1) or {7}) == {7}
    assert fact(user, "seats", lambda: reads.append(1) or {8}) == {7}  # the same person, the same request
    assert fact(user, "organisations", lambda: {3}) == {3}  # another fact, read on its own
    assert reads == [1]
    # The next request loads the person again: nothing carries over.
    assert fact(User(pk=1, email="a@example.org"), "seats", lambda: {9}) == {9}
