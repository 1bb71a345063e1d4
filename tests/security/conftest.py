"""The world of ``world.py``, built once for this folder's tests, and a signed-in test client per role.

The world is written inside a transaction that stays open while these tests run and is rolled back
at their end; each test runs in a savepoint inside it (pytest-django's ``db``), and every request
the tests make runs in a savepoint of its own that is rolled back too (``Visit.request``), so a
permitted POST (a withdrawal, a workflow step) changes nothing for the next role or test.
"""

import logging

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security.world import ROLES, build_world


class Visit:
    """Requests as one role, each rolled back afterwards."""

    def __init__(self, client):
        self.client = client

    def request(self, method, path, data=None, keep=False, **extra):
        with transaction.atomic():
            response = getattr(self.client, method)(path, data or {}, **extra)
            if not keep:
                transaction.set_rollback(True)
        return response

    def get(self, path, **kwargs):
        return self.request("get", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("post", path, data, **kwargs)


@pytest.fixture(scope="package")
def world_and_visits(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            visits = {}
            for role in ROLES:
                client = Client()
                if world.people[role] is not None:
                    client.force_login(world.people[role])
                client.cookies["django_language"] = "en"
                visits[role] = Visit(client)
            yield world, visits
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True, scope="module")
def _quiet_request_log():
    """Hundreds of refusals are expected here: do not format a traceback for each."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def world(world_and_visits, db):
    return world_and_visits[0]


@pytest.fixture
def visits(world_and_visits, db):
    return world_and_visits[1]
