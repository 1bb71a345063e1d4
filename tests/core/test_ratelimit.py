"""Rate limits per address and per person: counted per client behind the trusted proxy, not
fooled by a made-up X-Forwarded-For, not flushed by page requests, and open while Redis is down."""

import logging
import socket

import pytest
from django.test import override_settings
from django.urls import reverse

from core.ratelimit import allow
from ideas.models import Idea
from tests.factories import UserFactory
from tests.ideas.factories import ThemeFactory, open_call

SUBMIT = reverse("ideas:create")
LOGIN = reverse("account_login")
PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that comes through the TLS proxy
TOO_MANY_LOGINS = "Too many failed login attempts"


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="open-data")


def _submit(client, theme, n, **headers):
    client.force_login(UserFactory())  # a new person each time: only the per-address limit counts
    data = {"kind": "idea", "title": f"Idee {n}", "text": "Zet ze samen.", "themes": [theme.pk]}
    return client.post(SUBMIT, data, REMOTE_ADDR=PROXY, headers=headers).status_code


def _failed_login(client, email, **headers):
    client.cookies["django_language"] = "en"
    response = client.post(LOGIN, {"login": email, "password": "fout-wachtwoord"}, REMOTE_ADDR=PROXY, headers=headers)
    return response.content.decode()


# --- The client's address behind trusted proxies ------------------------------------------------


@pytest.mark.django_db
def test_without_trusted_proxies_a_made_up_forwarded_for_does_not_give_a_fresh_submission_limit(client, theme):
    open_call()
    statuses = [_submit(client, theme, n, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(31)]
    assert statuses == [302] * 30 + [429]
    assert Idea.objects.count() == 30


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_each_client_has_its_own_submission_limit(client, theme):
    open_call()
    # What the proxy sends on: whatever the client claimed, then the address the proxy saw.
    first = {"X-Forwarded-For": "192.0.2.1, 198.51.100.1"}
    assert [_submit(client, theme, n, **first) for n in range(31)] == [302] * 30 + [429]
    claims_another = {"X-Forwarded-For": "198.51.100.99, 198.51.100.1"}  # the same client, lying
    assert _submit(client, theme, 31, **claims_another) == 429
    assert _submit(client, theme, 32, **{"X-Forwarded-For": "198.51.100.2"}) == 302  # someone else
    assert Idea.objects.count() == 31


@pytest.mark.django_db
def test_without_trusted_proxies_a_made_up_forwarded_for_does_not_give_a_fresh_login_limit(client):
    pages = [
        _failed_login(client, f"iemand{n}@example.org", **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(11)
    ]
    assert TOO_MANY_LOGINS not in pages[9] and TOO_MANY_LOGINS in pages[10]


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_one_client_cannot_lock_everyone_out_of_password_login(client):
    guesser = {"X-Forwarded-For": "198.51.100.1"}
    pages = [_failed_login(client, f"iemand{n}@example.org", **guesser) for n in range(11)]
    assert TOO_MANY_LOGINS not in pages[9] and TOO_MANY_LOGINS in pages[10]  # allauth: 10 a minute per address
    user = UserFactory()
    user.set_password("een-goed-wachtwoord")
    user.save()
    someone_else = {"X-Forwarded-For": "198.51.100.2"}
    response = client.post(
        LOGIN, {"login": user.email, "password": "een-goed-wachtwoord"}, REMOTE_ADDR=PROXY, headers=someone_else
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in


# --- Counters cannot be flushed by page requests ------------------------------------------------


@pytest.mark.django_db
def test_hundreds_of_made_up_page_addresses_do_not_reset_the_limits(client, theme):
    """The page cache used to share Django's 300-entry cache with the counters: 450 requests for
    /ideas/?junk=N pushed the counters out and reopened password guessing and submission."""
    open_call()
    guesser = UserFactory()
    pages = [_failed_login(client, guesser.email) for _ in range(6)]
    assert TOO_MANY_LOGINS in pages[-1]  # allauth: 5 failures per account
    writer = UserFactory()
    client.force_login(writer)
    data = {"kind": "idea", "title": "Idee", "text": "Zet ze samen.", "themes": [theme.pk]}
    assert [client.post(SUBMIT, data).status_code for _ in range(11)] == [302] * 10 + [429]
    client.logout()

    # Pages the cache keeps (a parameter the list understands) and ones it does not; as htmx
    # requests, whose results-only answer renders in milliseconds, but is kept all the same.
    htmx = {"HX-Request": "true"}
    for n in range(230):
        assert client.get(f"/ideas/?page={n}", headers=htmx).status_code == 200
        assert client.get(f"/ideas/?junk={n}", headers=htmx).status_code == 200

    assert TOO_MANY_LOGINS in _failed_login(client, guesser.email)
    client.force_login(writer)
    assert client.post(SUBMIT, data).status_code == 429
    assert Idea.objects.count() == 10


# --- Redis down: the limits fail open ----------------------------------------------------------


def _unreachable_redis() -> str:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


def test_with_redis_unreachable_the_limits_allow_and_say_so_in_the_log(caplog):
    from django.core.cache import caches

    counters = {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": _unreachable_redis()}
    with (
        override_settings(CACHES={"default": counters, "pages": counters, "sessions": counters}),
        caplog.at_level(logging.WARNING),
    ):
        assert all(allow("test", [("user:1", 1)]) for _ in range(3))  # would be refused from the second on
        cache = caches["default"]
        assert cache.add("k", 1) is True and cache.get("k", "missing") == "missing" and cache.incr("k") == 1
        cache.set("k", 2)
        cache.delete("k")
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1, "one warning a minute, not one per call"
    assert "rate limits are not enforced" in warnings[0].getMessage()


@pytest.mark.django_db
def test_a_window_counts_within_the_hour_and_starts_again_in_the_next():
    hour = 1_800_003_600.0  # the start of an hour
    limits = [("person:test-window", 2)]
    assert allow("window", limits, now=hour + 10)
    assert allow("window", limits, now=hour + 3_500)
    assert not allow("window", limits, now=hour + 3_599)  # still the same hour: full
    assert allow("window", limits, now=hour + 3_600)  # the next hour starts from zero
