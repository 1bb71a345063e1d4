"""Settings shared by every environment. Everything that differs comes from the environment.

The embedded default (``config.settings.dev``, used by ``make run``) needs nothing installed:
SQLite under ``var/``, Celery tasks run in-process, email to the console and ``var/mail/``.
Production (``config.settings.production``) reads every secret and address from the environment.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "core.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.forms",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
]
# Our apps, in dependency order (seed_demo loads their demo.py in this order).
LOCAL_APPS = [
    "core",
    "accounts",
    "plans",
    "ideas",
    "sessions.apps.CoCreationSessionsConfig",
    "commitments",
    "stakeholders",
    "notifications",
    "publication",
    "implementation",
]
INSTALLED_APPS += LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Above the page cache's early answer, so that its pages get the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous visit of a kept page is answered here, before sessions, auth, CSRF and messages
    # (core/pagecache.py; issue #16).
    "core.pagecache.AnonymousHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.kept.KeptPersonMiddleware",  # request.user from the sessions cache where it matches
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.platform",
            ],
            "builtins": ["core.templatetags.platform"],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- Accounts (django-allauth) -----------------------------------------------------------------
# Taking part needs only an email address: sign up with an email, confirm it with a code, and log
# in later with a code sent by email. A password can be set afterwards but is never required.
ACCOUNT_ADAPTER = "notifications.account_adapter.OutboxAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The password field is optional: leave it empty and log in with codes by email.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A wrong or expired code: the page says so and offers to send a new one.
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Open Overheid] "
# allauth's rate limits are on by default; stated here so that nobody switches them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Open Overheid"
# Everyone with a staff role (superuser, moderator, process owner) must have a second factor for
# every page but the few they need to set one up and to leave (accounts/middleware.py).
# Only the embedded demo switches this off, and its banner says so.
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=True)
# Participants stay logged in for two weeks; a staff session ends when the browser closes, and
# after STAFF_SESSION_AGE seconds since login at the latest (a forgotten session on a shared
# computer opens moderation and unpublished work, not only one person's contributions).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
# Session data is encrypted at rest: allauth keeps pending login codes in it (core/session_serializer.py).
SESSION_SERIALIZER = "core.session_serializer.EncryptedJSONSerializer"
# Sessions in the database and, for reading, in the "sessions" cache (Redis in production): a
# signed-in page costs a Redis read instead of a query (issue #16). A session is deleted from both
# at logout and when an account is erased (accounts/personal_data.py deletes through the store).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=8 * 3600)

# --- Internationalisation: Dutch first, English alongside --------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# "Today" for the platform. Empty means the real date; a date (YYYY-MM-DD) lets the demo show
# the platform as it was on that day of a plan's timeline. See core/clock.py.
PLATFORM_TODAY = env("PLATFORM_TODAY", default="")

# --- Static files: everything is served by the platform itself, no CDN ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email -------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    # The embedded default: print each message and keep a copy under var/mail/ to read later.
    _email["EMAIL_BACKEND"] = "core.mail.ConsoleAndFileBackend"
elif _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _email["EMAIL_BACKEND"] = "core.mail.SMTPBackend"  # headers up to 998 characters, unencoded
vars().update(_email)
EMAIL_FILE_PATH = str(env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Open Overheid <noreply@open-overheid.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Celery ------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# Without a broker, tasks run in-process (the embedded default); the same code runs either way.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# A pending message whose task has not run after this long is queued again by the sweep.
NOTIFICATIONS_SWEEP_GRACE_SECONDS = env.int("NOTIFICATIONS_SWEEP_GRACE_SECONDS", default=60)
# With Redis as broker, a task taken by a worker that died is handed out again after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}

# --- Caches: counters and pages apart, so that pages can never push counters out ------------------
# "default" holds the rate-limit counters only: ours (core/ratelimit.py) and allauth's, which
# always uses the default cache. With Redis it fails open (core.cache.FailOpenRedisCache): while
# Redis is down, limits are not enforced and a warning is logged, but logging in and submitting work.
# "pages" holds the public pages for anonymous visitors and shared fragments (core/pagecache.py),
# which any visitor can multiply; it fails open too (core.cache.PageCache: pages are rendered as usual).
# "sessions" holds the signed-in people's sessions (cached_db: the database keeps them too) and their
# roles (accounts/roles.py), so that a signed-in page asks Redis instead of the database for them;
# reads fail open, deletes do not (core.cache.SessionCache). Production requires REDIS_URL (config/settings/production.py).
# Short socket timeouts: a Redis that hangs costs a request a second, not a worker forever.
_REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": REDIS_URL, "OPTIONS": _REDIS_OPTIONS},
        "pages": {"BACKEND": "core.cache.PageCache", "LOCATION": REDIS_URL, "OPTIONS": _REDIS_OPTIONS},
        "sessions": {"BACKEND": "core.cache.SessionCache", "LOCATION": REDIS_URL, "OPTIONS": _REDIS_OPTIONS},
    }
else:
    # In process memory (the embedded default): each LOCATION is a store of its own.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "sessions": {"BACKEND": "core.cache.LocalSessionCache", "LOCATION": "sessions"},
    }
# What the shared fragments' ``{% cache %}`` tags use while the page cache is off
# (PAGE_CACHE_SECONDS=0, ``page_cache_using`` in core/context_processors.py): a fragment kept for 0
# seconds is never read again, so it asks no cache at all instead of a get and a delete in Redis.
CACHES["off"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# Anonymous visitors of the public contribution pages get them from the cache (core/pagecache.py);
# this bounds a page's age whatever else happens (a change made with raw SQL): every change made
# through the platform drops the pages that show it at once, and a deploy (migrate) drops them all.
# 0 switches the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Counts on cached pages (supports, totals) may be this many seconds old, so that a support every
# second does not empty every list page; the person who supported sees the new count at once.
PAGE_CACHE_COUNTS_SECONDS = env.int("PAGE_CACHE_COUNTS_SECONDS", default=5)

# --- The client's address behind trusted proxies ------------------------------------------------
# How many proxies under our control stand in front of the platform (the TLS proxy: 1). Each
# appends the address it saw to X-Forwarded-For, so the client's address is the entry this many
# from the right. 0 (the default): X-Forwarded-For is ignored and REMOTE_ADDR is the client. Rate
# limits per address, allauth's and ours (core/ratelimit.py, which asks allauth), use this one setting.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Security defaults that hold everywhere -----------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Content-Security-Policy, enforced on every page (Django's own middleware): scripts, styles and
# everything else only from the platform itself, and nothing inline: no <script> or <style>
# elements, no style="" or on…="" attributes in our templates (static/css/site.css has the
# classes). Images may also be data: URIs: allauth shows the QR code to set up two-factor
# authentication as a data: SVG image, and an image cannot run script. The Django admin works
# under this policy as it is (its scripts are files, its data in JSON elements).
# tests/browser/conftest.py fails a browser test on any violation.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No email address or account token in any log line (core/log_redaction.py): every handler
    # has the filter, and Django's own handlers (its console handler when DEBUG, runserver's
    # request lines) are replaced by ones that have it.
    "filters": {"redact": {"()": "core.log_redaction.RedactFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },  # fmt: skip
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every page it lays out at INFO (publication/pdf.py).
        "weasyprint.progress": {"level": "WARNING"},
    },
}

FORM_RENDERER = "core.forms.PlatformFormRenderer"
