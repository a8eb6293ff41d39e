# certguide: `make run` serves the site with worker and beat; `make test` runs the whole suite;
# `make bench` runs the benchmarks and writes bench/RESULTS.md; `make cluster-test` runs
# certguide as several machines on loopback and kills parts of it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
# uv from PyPI into .tools/ when the machine has none.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
VENV := .venv/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/certguide
VENDOR_FILES := node_modules/htmx.org/dist/htmx.min.js node_modules/@picocss/pico/css/pico.min.css

.PHONY: help install run test bench cluster-test lint format

help:
	@echo "make run   install, migrate, load the catalog, serve http://127.0.0.1:8000 with worker and beat"
	@echo "make test  install and run ruff and the whole test suite (PostgreSQL, Redis, Chromium)"
	@echo "make bench run the benchmarks and load test on loopback, write bench/RESULTS.md"
	@echo "make cluster-test  two web nodes, two workers, two beats, Redis with Sentinel on loopback; kill each"

install: .venv/.synced static/vendor/.built .env

# A fresh clone's development settings (read by certguide/settings.py; the environment wins
# over them): DEBUG on, a key of its own. Written once and never overwritten: edit it.
.env:
	@umask 077 && printf '%s\n' \
		'# certguide development settings, written by `make install` (git-ignored): edit freely.' \
		'# Variables set in the environment win over this file; the test suite never reads it.' \
		'DEBUG=true' \
		"SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		'# Unset: SQLite at var/certguide.sqlite3. PostgreSQL instead, for example:' \
		'# DATABASE_URL=postgres://postgres@127.0.0.1:5432/certguide' \
		'# REDIS_URL=redis://127.0.0.1:6379/0' \
		> $@
	@mkdir -p var/mail
	@echo "Wrote .env (development settings: DEBUG on, a generated SECRET_KEY, SQLite)."

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/vendor/.built: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp $(VENDOR_FILES) static/vendor/
	@touch $@

run: export DEBUG ?= true
run: install
	scripts/ensure-services redis
	mkdir -p var/mail
	$(VENV)/python manage.py migrate --noinput
	$(VENV)/python manage.py load_catalog
	$(VENV)/python manage.py seed_demo
	$(VENV)/python manage.py renew_real_hours
	$(VENV)/python manage.py renew_catalog_usage
	PATH="$(CURDIR)/$(VENV):$$PATH" $(VENV)/honcho --procfile Procfile.dev start

test: export DATABASE_URL := $(TEST_DATABASE_URL)
test: export DJANGO_ALLOW_ASYNC_UNSAFE := true
test: install
	scripts/ensure-services postgres redis chromium java pgbouncer
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/pytest --create-db
	@echo "SQLite smoke run of the rules that touch SQL (the development default database):"
	DATABASE_URL=sqlite:///$(CURDIR)/var/test-smoke.sqlite3 $(VENV)/pytest --create-db \
		-m "sqlite_smoke and not postgres_only" -q

bench: install
	scripts/ensure-services postgres redis
	$(VENV)/python -m bench.run
	$(MAKE) cluster-test

# Its own database (dropped and created again), its own Redis servers on ports 7101-7199;
# stopped after 5 minutes whatever happens (SIGTERM: it still stops what it started).
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/certguide_cluster
cluster-test: export CLUSTER_DATABASE_URL := $(CLUSTER_DATABASE_URL)
cluster-test: install
	scripts/ensure-services postgres redis-sentinel
	timeout --kill-after=20 300 $(VENV)/python -m bench.cluster

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

format:
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .
