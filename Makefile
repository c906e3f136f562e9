# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The settings read it too: with SITE_URL unset, links in emails, feeds and
# pages point at http://127.0.0.1:$(PORT).
export PORT
INSTALLED := $(VENV)/.installed

.PHONY: run test install migrate seed worker lint format lock messages bench bench-quick bench-referrals clean

run: install migrate seed
	@echo "Serving http://127.0.0.1:$(PORT)/ (the task worker and the scheduler run beside it; Ctrl-C stops all)"
	@trap 'kill 0' EXIT; \
	$(BIN)/python manage.py db_worker & \
	$(BIN)/python manage.py enqueue_periodic_tasks --every 300 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(INSTALLED)

# Reinstall whenever the lock or the project definition changes.
$(INSTALLED): requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3 setuptools==84.2.1
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: install
	$(BIN)/python manage.py seed_demo

worker: install
	$(BIN)/python manage.py db_worker --queue-name '*'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the pinned sets after editing the dependencies in pyproject.toml.
# One resolution for both: the dev set (runtime + tools) is solved first, and the
# runtime set is then constrained to it, so production installs exactly the
# versions CI tests. Two independent solves drifted apart before (a dev-only
# package capped python-dateutil, the runtime solve did not see the cap).
# tests/site/test_lock_files.py fails when the two disagree.
lock: install
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url \
		--extra=dev --output-file=requirements-dev.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url \
		--constraint=requirements-dev.txt --output-file=requirements.txt pyproject.toml

# The interface strings, gathered from the code and templates into every
# catalogue in locale/ (new strings arrive untranslated, gone ones are dropped),
# then compiled. tests/i18n/test_catalogues.py reads MAKEMESSAGES_FLAGS from
# this line, so the check and the command agree.
MAKEMESSAGES_FLAGS := --all --no-obsolete --ignore=.venv --ignore=tests
messages: install
	$(BIN)/python manage.py makemessages $(MAKEMESSAGES_FLAGS)
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The site as production runs it (gunicorn, PostgreSQL, Redis), driven by wrk
# against a bare Django view and nginx measured in the same run: one table.
# BENCH_DATABASE_URL, BENCH_REDIS_URL and BENCH_PORT_BASE say where (README).
bench: install
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; \
	  else echo "make bench needs wrk and nginx: sudo apt-get install -y wrk nginx-light" >&2; exit 1; fi; }
	$(BIN)/python -m bench.production

# The older in-process timings (Django's test client, SQLite by default):
# quick checks while working, which never say whether a goal is met.
bench-quick: install
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.feeds
	$(BIN)/python -m bench.race
	$(BIN)/python -m bench.landing

# 10,000 members, 100 clubs, 200,000 referrals: meant for PostgreSQL, e.g.
# BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_referrals make bench-referrals
bench-referrals: install
	$(BIN)/python -m bench.referrals

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
