# The production image. gunicorn serves the platform (WhiteNoise serves its static files); the
# same image runs the Celery worker and beat. How to run it: docs/deployment.md.

# --- Build stage: dependencies, compiled translations and collected static files ---------------
FROM python:3.12-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# gettext provides msgfmt for compilemessages; only the build stage needs it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/requirements/base.txt
RUN pip install -r /tmp/requirements/base.txt

WORKDIR /app
COPY . .

# Production settings refuse to load without these; the values here are throwaway and exist only
# for the duration of this RUN (they are not ENV, so they do not end up in the image).
RUN export DJANGO_SETTINGS_MODULE=config.settings.production \
        SECRET_KEY=build-time-only-throwaway-secret-key-never-used-at-run-time-0123456789 \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        ALLOWED_HOSTS=localhost \
        SITE_URL=http://localhost \
        REDIS_URL=redis://localhost:6379/0 \
    && python manage.py compilemessages -v 1 \
    && python manage.py collectstatic --noinput -v 1 \
    && rm -f /tmp/build.sqlite3

# --- Run stage: no compilers, no gettext, not root -----------------------------------------------
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# The code stays owned by root (read-only for the app); only var/ (uploads) is writable.
RUN mkdir -p /app/var/media && chown -R app:app /app/var

WORKDIR /app
USER app
EXPOSE 8000

# /healthz is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT). Django still checks the Host
# header, so the check sends the first name in ALLOWED_HOSTS. 200 means database and broker answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h not in ('', '*') else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
