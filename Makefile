# Two commands for a newcomer: `make run` and `make test`. Everything else is a building block.
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
HOST ?= 127.0.0.1
# The address in emails and calendar files, and the Site's domain (core/sites.py, on migrate):
# the one `make run` serves on, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
SERVE_MANAGE := SITE_URL='$(SITE_URL)' $(MANAGE)

.PHONY: run test install messages migrate seed lint format check-deploy clean checkers

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
	$(SERVE_MANAGE) migrate --no-input -v 0

seed: migrate
	$(SERVE_MANAGE) seed_demo

run: seed
	$(SERVE_MANAGE) notifications_tick
	@echo "Serving on http://$(HOST):$(PORT)/ (SITE_URL=$(SITE_URL), PLATFORM_TODAY=$${PLATFORM_TODAY:-today}); stop with Ctrl-C."
	$(SERVE_MANAGE) runserver $(HOST):$(PORT)

# The Nu Html Checker (npm vnu-jar, pinned in package-lock.json; it runs on the machine's Java) for
# tests/core/test_valid_html.py. Without npm the test skips, or fails with REQUIRE_SERVICES=1 (CI).
# --ignore-scripts: vnu-jar's install script would download a Java runtime where there is none;
# the tests run it on the machine's Java (.ci/run installs default-jre-headless).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the HTML validity test will be skipped (apt-get install npm default-jre-headless)"; fi

checkers: node_modules/.package-lock.json

test: install checkers
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
	rm -rf $(VENV) var staticfiles .pytest_cache node_modules
