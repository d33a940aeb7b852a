#!/usr/bin/env bash
# make bench: python -m servicehall.bench on SQLite and on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
# Then the province of 200 centers and 20M events (servicehall/bench/province.py), in a database
# of its own on the same server.
# BENCH_ONLY=import (make bench-import) stops after the imports; BENCH_PROVINCE=no leaves the
# province out (it has a run of its own: its own section of docs/benchmarks.md).
exec scripts/with-postgres.sh sh -c 'export BENCH_POSTGRES_URL=$THROWAWAY_POSTGRES_URL; .venv/bin/python -m servicehall.bench && { [ "${BENCH_ONLY:-}" = import ] || [ "${BENCH_PROVINCE:-}" = no ] || .venv/bin/python -m servicehall.bench.province --write-docs; }'
