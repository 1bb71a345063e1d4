"""Shared fixtures, and the rule for tests that need a real service.

A test marked ``postgres``, ``redis``, ``browser`` or ``vnu`` needs PostgreSQL (DATABASE_URL),
Redis (REDIS_URL), Chromium, or Java with the Nu Html Checker from npm (``make test`` installs it).
Without the service it is skipped on a newcomer's machine, but with ``REQUIRE_SERVICES=1`` (as in
CI) it fails, so that CI can never go green by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def java() -> str | None:
    return shutil.which("java")


def _missing(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker == "redis" and not os.environ.get("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://…"
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    if marker == "vnu" and not java():
        return "needs Java for the Nu Html Checker (apt-get install default-jre-headless)"
    if marker == "vnu" and not VNU_JAR.is_file():
        return f"needs the Nu Html Checker at {VNU_JAR} (npm ci, as make test does)"
    return None


@pytest.fixture(autouse=True)
def _require_services(request):
    for marker in ("postgres", "redis", "browser", "vnu"):
        if request.node.get_closest_marker(marker) and (reason := _missing(marker)):
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}")
            pytest.skip(reason)


def pytest_sessionstart(session):
    # In CI the whole run must be on the real services, not only the marked tests.
    if REQUIRE_SERVICES:
        problems = []
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            problems.append("DATABASE_URL does not point at PostgreSQL")
        if not os.environ.get("REDIS_URL"):
            problems.append("REDIS_URL is not set")
        if problems:
            pytest.exit("REQUIRE_SERVICES=1 but " + "; ".join(problems), returncode=3)


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"database: {db}; redis: {os.environ.get('REDIS_URL') or 'none'}; REQUIRE_SERVICES={int(REQUIRE_SERVICES)}"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with empty caches: no cached pages or rate-limit counts of another test
    (the test settings use caches in process memory)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


# The middle of an hour: rate-limit windows are whole hours, so a test that counts hits must not
# run across the turn of one.
PINNED_RATELIMIT_CLOCK = 1_800_000_000 + 1_800.0


@pytest.fixture(autouse=True)
def _pinned_ratelimit_clock(monkeypatch):
    from core import ratelimit

    monkeypatch.setattr(ratelimit, "clock", lambda: PINNED_RATELIMIT_CLOCK)


@pytest.fixture
def totp(db):
    """Give a user a TOTP authenticator, as staff must have before they reach staff pages."""
    from allauth.mfa.models import Authenticator

    def give(user):
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        return user

    return give


@pytest.fixture
def people(db, totp):
    """One person per role (staff with a second factor), keyed by role name."""
    from tests.factories import ActionPlanFactory, ForumMemberFactory, MembershipFactory, UserFactory

    plan = ActionPlanFactory()
    action_holder = MembershipFactory().user
    plan.action_holders.add(action_holder.organisations.get())
    return {
        "anonymous": None,
        "participant": UserFactory(),
        "moderator": totp(UserFactory(role="moderator")),
        "process_owner": totp(UserFactory(role="process_owner")),
        "action_holder": action_holder,
        "forum_member": ForumMemberFactory(plan=plan).user,
    }
