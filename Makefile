# The README's two commands: `make run` (app with demo data) and `make test` (the whole suite).
# Both set up everything they need first, on a fresh clone.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-packages test-packages run test lint migrations-check messages worker beat bench generate-large perf backup restore clean

setup: system-packages $(VENV)/.installed node_modules/.installed locale/.compiled

# Debian packages (WeasyPrint's Pango, gettext; for tests also Chromium and poppler),
# installed only when missing.
system-packages:
	scripts/system_packages.sh

test-packages:
	scripts/system_packages.sh --test

# Translations are committed as .po files and compiled here (needs gettext's msgfmt).
locale/.compiled: $(wildcard locale/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	mkdir -p locale
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	touch $@

# `python` resolves through pyenv and .python-version (3.12).
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e . --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(PY) -m ruff check .

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

test: setup test-packages lint migrations-check
	$(PY) -m pytest -n 2 --dist loadfile

worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A config beat --loglevel=INFO

# Refresh the .po files after changing user-facing strings.
messages: setup
	$(PY) manage.py makemessages -l da -l sv -l nb -l nn --ignore=.venv --ignore=node_modules \
		--ignore=staticfiles --no-obsolete --add-location=file

# Export time of each seed strategy against WeasyPrint alone on the same HTML; notifications
# made per second for an adoption in a large municipality, and e-mails sent per second.
bench: setup
	$(PY) scripts/bench_pdf.py
	$(PY) scripts/bench_notifications.py
	$(PY) scripts/bench_import.py
	$(PY) scripts/bench_search.py

# A large municipality (and the 745 of DK, SE, NO) in the PostgreSQL database kompas_perf.
PERF_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kompas_perf
generate-large: setup
	psql "$(PERF_DATABASE_URL)" -c "" 2>/dev/null || createdb -h 127.0.0.1 -U postgres kompas_perf
	DATABASE_URL=$(PERF_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(PERF_DATABASE_URL) $(PY) manage.py generate_large --organisations 745

# Dashboards and the strategy page under load (gunicorn + wrk), and the PDF export, with
# a verdict per budget; see docs/performance.md.
perf: setup
	scripts/system_packages.sh --perf
	$(PY) scripts/perf/benchmark.py --database-url $(PERF_DATABASE_URL) --organisations 745 --duration 15

# Database dump and uploaded files to BACKUP (default backups/<UTC time>); restore one into
# the empty database DATABASE_URL names. See SECURITY.md.
backup:
	scripts/backup.sh $(BACKUP)

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup directory>" >&2; exit 2; }
	scripts/restore.sh $(BACKUP)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
