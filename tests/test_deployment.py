"""The production layout: docker-compose.yml, the Dockerfile and the production settings.

Docker itself need not be installed: these tests read the files, and load the production settings
in a fresh interpreter with the environment that docker-compose.yml gives the containers.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

DJANGO_SERVICES = ("web", "worker", "beat")
# What config.settings.production needs (or what the platform needs to be useful in production).
PRODUCTION_VARS = ("SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL", "SITE_URL")

# ${NAME}, ${NAME:-default} and ${NAME-default}, as docker compose interpolates them.
_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?::?-(?P<default>[^}]*))?\}")


def _interpolate(value) -> str:
    """The value compose would use when none of the variables is set in the shell or .env."""
    return _VARIABLE.sub(lambda match: match["default"] or "", str(value))


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the "KEY=value" list form
        env = dict(item.split("=", 1) for item in env)
    return {key: _interpolate(value) for key, value in env.items()}


def _command(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def _load_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Import config.settings.production in a fresh interpreter with exactly this environment."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'ENGINE': s.DATABASES['default']['ENGINE'], "
        "'EAGER': s.CELERY_TASK_ALWAYS_EAGER, 'EMAIL_BACKEND': s.EMAIL_BACKEND, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
        "'PROXIES': s.ALLAUTH_TRUSTED_PROXY_COUNT, "
        "'CACHES': {alias: c['BACKEND'] for alias, c in s.CACHES.items()}}))"
    )
    clean = {
        "PATH": "/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


# --- docker-compose.yml --------------------------------------------------------------------------


def test_compose_has_the_services(compose):
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(compose["services"])


def test_web_migrates_then_runs_gunicorn(compose):
    command = _command(compose["services"]["web"])
    assert "gunicorn" in command and "config.wsgi:application" in command
    assert "migrate" in command and command.index("migrate") < command.index("gunicorn")
    assert any(str(port).startswith("8000:") for port in compose["services"]["web"]["ports"])


@pytest.mark.parametrize(("service", "kind"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_celery(compose, service, kind):
    command = _command(compose["services"][service]).split()
    assert command[0] == "celery"
    assert "-A config" in " ".join(command) or "--app=config" in command
    assert kind in command


@pytest.mark.parametrize("service", DJANGO_SERVICES)
def test_production_environment_is_set(compose, service):
    env = _environment(compose["services"][service])
    assert env.get("DJANGO_SETTINGS_MODULE") == "config.settings.production"
    missing = [name for name in PRODUCTION_VARS if not env.get(name)]
    assert not missing, f"{service} lacks {missing}"
    assert env.get("REDIS_URL"), f"{service} has no shared cache"
    assert env.get("TRUSTED_PROXY_COUNT") == "0", "web is reached directly: no proxy's X-Forwarded-For to trust"
    assert "${TRUSTED_PROXY_COUNT" in str(compose["services"][service]["environment"]["TRUSTED_PROXY_COUNT"])


def test_the_three_django_services_share_one_environment(compose):
    web, worker, beat = (_environment(compose["services"][name]) for name in DJANGO_SERVICES)
    assert web == worker == beat


def test_default_secret_key_says_change_me_and_is_long_enough(compose):
    secret = _environment(compose["services"]["web"])["SECRET_KEY"]
    assert "change-me" in secret
    assert len(secret) >= 50
    assert "${SECRET_KEY" in str(compose["services"]["web"]["environment"]["SECRET_KEY"]), "must be overridable"


@pytest.mark.parametrize("service", DJANGO_SERVICES)
def test_django_services_wait_for_healthy_postgres_and_redis(compose, service):
    depends = compose["services"][service]["depends_on"]
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"


def test_postgres_and_redis_have_healthchecks(compose):
    assert "pg_isready" in " ".join(compose["services"]["postgres"]["healthcheck"]["test"])
    assert "ping" in " ".join(compose["services"]["redis"]["healthcheck"]["test"])
    assert any("/var/lib/postgresql/data" in volume for volume in compose["services"]["postgres"]["volumes"])


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_worker_and_beat_do_not_inherit_the_http_healthcheck(compose, service):
    assert compose["services"][service]["healthcheck"] == {"disable": True}


def test_mailpit_web_ui_is_published(compose):
    mailpit = compose["services"]["mailpit"]
    assert mailpit["image"].startswith("axllent/mailpit")
    assert "8025:8025" in [str(port) for port in mailpit["ports"]]


# --- Dockerfile and .dockerignore ----------------------------------------------------------------


def test_dockerfile_uses_python_312_or_newer():
    bases = re.findall(r"^FROM\s+python:(\d+)\.(\d+)", DOCKERFILE.read_text(), flags=re.MULTILINE)
    assert bases, "no python:X.Y base image"
    assert all((int(major), int(minor)) >= (3, 12) for major, minor in bases)


def test_dockerfile_runs_gunicorn_as_non_root_with_a_healthcheck():
    text = DOCKERFILE.read_text()
    cmd = re.findall(r"^CMD\s+(.+)$", text, flags=re.MULTILINE)[-1]
    assert "gunicorn" in cmd and "config.wsgi:application" in cmd and "0.0.0.0:8000" in cmd
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK\b.*/healthz", text, flags=re.MULTILINE | re.DOTALL)


def test_dockerfile_installs_runtime_requirements_only_and_builds_assets():
    text = DOCKERFILE.read_text()
    assert "requirements/base.txt" in text and "requirements/dev.txt" not in text
    assert "gettext" in text
    assert "compilemessages" in text and "collectstatic --noinput" in text


def test_dockerfile_build_time_settings_load():
    """The throwaway values compilemessages and collectstatic run with satisfy the production settings."""
    instructions = re.sub(r"\\\n", " ", DOCKERFILE.read_text()).splitlines()  # join continued lines
    build_step = next(line for line in instructions if line.startswith("RUN") and "manage.py compilemessages" in line)
    build_env = dict(re.findall(r"\b([A-Z_]+)=(\S+)", build_step.split("manage.py")[0]))
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"} <= set(build_env)
    assert build_env.pop("DJANGO_SETTINGS_MODULE") == "config.settings.production"
    result = _load_production_settings(build_env)
    assert result.returncode == 0, result.stderr


def test_dockerignore_keeps_local_state_out_of_the_image():
    patterns = {line.strip().removeprefix("**/") for line in DOCKERIGNORE.read_text().splitlines()}
    assert {".venv", "var", "staticfiles", ".git", "__pycache__", "node_modules", "test-results"} <= patterns


# --- The production settings with the compose environment -----------------------------------------


def test_production_settings_load_with_the_compose_environment(compose):
    result = _load_production_settings(_environment(compose["services"]["web"]))
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["DEBUG"] is False
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["EAGER"] is False, "with a broker, tasks go to the worker"
    assert loaded["EMAIL_BACKEND"] == "core.mail.SMTPBackend"  # Django's SMTP backend, long headers unencoded
    assert "localhost" in loaded["ALLOWED_HOSTS"]
    # Rate-limit counters and pages in Redis, apart; counters fail open when Redis is down. ("off":
    # what the shared fragments use while the page cache is off, a cache that keeps nothing.)
    assert loaded["CACHES"] == {
        "default": "core.cache.FailOpenRedisCache",
        "pages": "core.cache.PageCache",
        "sessions": "core.cache.SessionCache",
        "off": "django.core.cache.backends.dummy.DummyCache",
    }
    assert loaded["PROXIES"] == 0


def test_the_trusted_proxy_count_is_the_one_allauth_and_our_limits_read(compose):
    result = _load_production_settings({**_environment(compose["services"]["web"]), "TRUSTED_PROXY_COUNT": "1"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["PROXIES"] == 1


def test_production_settings_refuse_to_start_without_redis(compose):
    """Without it, every process would count rate limits on its own and keep its own stale pages."""
    env = _environment(compose["services"]["web"])
    env.pop("REDIS_URL")
    result = _load_production_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REDIS_URL" in result.stderr


@pytest.mark.parametrize("secret", [None, "too-short"], ids=["missing", "short"])
def test_production_settings_refuse_a_missing_or_short_secret_key(compose, secret):
    env = _environment(compose["services"]["web"])
    env.pop("SECRET_KEY")
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = _load_production_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr and "50 characters" in result.stderr
