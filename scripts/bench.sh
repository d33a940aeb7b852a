#!/usr/bin/env bash
# make bench: python -m servicehall.bench on SQLite and on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh sh -c 'BENCH_POSTGRES_URL=$THROWAWAY_POSTGRES_URL .venv/bin/python -m servicehall.bench'
