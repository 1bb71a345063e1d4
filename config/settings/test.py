"""Settings for the test suite. DATABASE_URL and REDIS_URL switch to the real services."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-and-entropy-0123456789"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=True)
# Celery runs in-process in unit tests; the integration tests start a real worker themselves.
CELERY_TASK_ALWAYS_EAGER = True
PLATFORM_TODAY = ""
# Caches per test process (emptied before every test, tests/conftest.py), so that rate limits
# and pages of one test do not leak into another. Counters and pages apart, as in production.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "sessions": {"BACKEND": "core.cache.LocalSessionCache", "LOCATION": "sessions"},
    "off": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
