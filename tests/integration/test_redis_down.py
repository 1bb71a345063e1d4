"""Redis stops while people are using the platform: logging in, submitting a contribution and
reporting one keep working (the rate limits fail open, with a warning in the log), and what was
typed is saved. Redis here is a server of the test's own, as cache and as Celery broker."""

import logging

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from ideas.models import Idea, Report
from notifications.models import Message
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, ThemeFactory, open_call
from tests.integration.conftest import Publisher

LIST = reverse("ideas:list")
LOGIN = reverse("account_login")
SUBMIT = reverse("ideas:create")
PASSWORD = "een-goed-wachtwoord"
TYPED = "Publiceer alle Woo-verzoeken en de besluiten erop, ook als Redis even niet meedoet."


def _caches(url: str) -> dict:
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": f"{url}/0", "OPTIONS": options},
        "pages": {"BACKEND": "core.cache.PageCache", "LOCATION": f"{url}/0", "OPTIONS": options},
        "sessions": {"BACKEND": "core.cache.SessionCache", "LOCATION": f"{url}/0", "OPTIONS": options},
    }


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_logging_in_submitting_and_reporting_keep_working(client, redis_server, caplog):
    from config.celery_app import app

    plan = open_call()
    theme = ThemeFactory()
    other = IdeaFactory(plan=plan, title="Een bijdrage van iemand anders")
    person = UserFactory(language="en")
    person.set_password(PASSWORD)
    person.save()
    client.cookies["django_language"] = "en"

    publisher = Publisher(app)
    publisher.point_at(f"{redis_server.url}/1")  # the emails' tasks go to the same Redis, as in production
    try:
        with override_settings(CACHES=_caches(redis_server.url)):
            # While Redis runs: pages are kept in it, and a failed login is counted there.
            assert [client.get(LIST).headers.get("X-Page-Cache") for _ in range(2)] == ["miss", "hit"]
            wrong = client.post(LOGIN, {"login": person.email, "password": "fout"})
            assert "password you specified are not correct" in wrong.content.decode()
            assert redis.Redis.from_url(f"{redis_server.url}/0").keys("*allauth:rl:*")

            redis_server.stop()
            with caplog.at_level(logging.WARNING):
                assert client.get(LIST).status_code == 200

                response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
                assert response.status_code == 302, response.content.decode()[:2000]

                data = {"kind": "idea", "title": "Alle Woo-verzoeken openbaar", "text": TYPED, "themes": [theme.pk]}
                response = client.post(SUBMIT, data)
                assert response.status_code == 302, response.content.decode()[:2000]
                idea = Idea.objects.get(author=person)
                assert (idea.title, idea.text) == ("Alle Woo-verzoeken openbaar", TYPED)
                assert response.url == reverse("ideas:mine_detail", args=[idea.pk])
                assert TYPED in client.get(response.url).content.decode()
                # The broker is down too: the confirmation waits in the outbox for the sweep.
                assert Message.objects.filter(to_email=person.email, status=Message.Status.PENDING).exists()

                response = client.post(
                    reverse("ideas:report", args=[other.pk]), {"reason": "spam", "text": "Dit is reclame."}
                )
                assert response.status_code == 302, response.content.decode()[:2000]
                assert Report.objects.get(idea=other, reporter=person).text == "Dit is reclame."

        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any("rate limits are not enforced" in message for message in warnings), warnings
    finally:
        publisher.restore()
        for cache in caches.all(initialized_only=True):
            cache.close()
