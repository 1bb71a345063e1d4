# Two commands for a newcomer: `make run` and `make test`. Everything else is a building block.
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install messages migrate seed lint format check-deploy clean

$(VENV)/.installed: requirements/base.txt requirements/dev.txt scripts/find-python
	@if [ ! -x $(PY) ]; then python=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed messages

# Compiles the .po files. Django's compilemessages needs GNU gettext's msgfmt; where it is
# missing, a small pure-Python compiler does the same job so that a newcomer needs nothing else.
messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore='.venv/*' -v 0; \
	else $(PY) scripts/compile_messages.py; fi

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0

seed: migrate
	$(MANAGE) seed_demo

run: seed
	$(MANAGE) notifications_tick
	@echo "Serving on http://$(HOST):$(PORT)/ (PLATFORM_TODAY=$${PLATFORM_TODAY:-today}); stop with Ctrl-C."
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Django's deployment checklist against the production settings, with throwaway values.
check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-but-long-enough-for-django \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check-deploy.sqlite3} \
	ALLOWED_HOSTS=example.org SITE_URL=https://example.org \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
