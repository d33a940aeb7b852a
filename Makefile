# ServiceHall — the two commands of the README, and a few more.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check typecheck bench bench-import soak prod-smoke lint format install serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo on first start, serve on http://127.0.0.1:8000
run: $(STAMP)
	@scripts/ensure-system-packages.sh runtime
	$(BIN)/servicehall migrate --noinput
	$(BIN)/servicehall demo --if-empty
	$(BIN)/servicehall collectstatic --noinput -v 0
	@echo "ServiceHall: http://$(HOST):$(PORT)/ （用上面的演示账号登录）"
	@# The background worker (imports of past reports) runs beside gunicorn, restarted if it
	@# dies (scripts/run-worker.sh), and stops with it.
	scripts/run-worker.sh & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn servicehall.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --timeout 120

## make test: ruff, mypy, the layers contract, migrations check, then the whole suite on SQLite
## and on a throwaway PostgreSQL
test: $(STAMP)
	@scripts/ensure-system-packages.sh test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy servicehall conftest.py
	$(BIN)/lint-imports
	$(BIN)/servicehall makemigrations --check --dry-run
	scripts/run-tests.sh

## make check: the fast loop (≤ 60 s on 2 cores from a cold cache): ruff, the layers contract
## and the fast tests on SQLite (no demo, no browser, no LibreOffice, no subprocesses). mypy is
## `make typecheck` (1.3 s warm) and runs in `make test`: cold, it cost this loop 20–28 s of CPU
## (docs/decisions.md, session 9).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -m "not slow" -p no:cacheprovider --hypothesis-profile=check

## make typecheck: mypy --strict over the package and the root conftest (its cache kept: warm)
typecheck: $(STAMP)
	$(BIN)/mypy servicehall conftest.py

bench: $(STAMP)
	@scripts/ensure-system-packages.sh bench
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	scripts/bench.sh

## make bench-import: only the events imports of make bench (2M and 10M rows), each step's share
bench-import: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	BENCH_ONLY=import scripts/bench.sh

## make soak: the hall under load and faults on loopback (issue 7), SQLite then PostgreSQL
soak: $(STAMP)
	@scripts/ensure-system-packages.sh test
	scripts/soak.sh

## make prod-smoke: PostgreSQL, gunicorn and the worker on loopback, used over HTTP, then stopped
prod-smoke: $(STAMP)
	@scripts/ensure-system-packages.sh test
	scripts/prod-smoke.sh

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
