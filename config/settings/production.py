"""Production: every secret and address comes from the environment; nothing has a default.

Required: SECRET_KEY, DATABASE_URL (postgres://…), ALLOWED_HOSTS, SITE_URL, REDIS_URL.
Optional: CELERY_BROKER_URL, EMAIL_URL (smtp://…), DEFAULT_FROM_EMAIL, TRUSTED_PROXY_COUNT.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, env

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")
if not REDIS_URL:
    # Without it the caches live in each process's memory: every gunicorn worker would count
    # rate limits on its own and serve pages that another worker has already invalidated.
    raise ImproperlyConfigured("Set REDIS_URL (redis://host:6379/0): rate limits and cached pages need a shared cache.")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SITE_URL = env("SITE_URL").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
STAFF_REQUIRE_MFA = True
PLATFORM_TODAY = ""

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere; the proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
MFA_TRUST_COOKIE_SECURE = True
SEED_DEMO_ALLOWED = False
