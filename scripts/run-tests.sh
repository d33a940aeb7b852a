#!/usr/bin/env bash
# The whole suite on SQLite, then the database-bound suite on a throwaway PostgreSQL server
# (scripts/with-postgres.sh, fsync off for speed) started on loopback and removed afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORKERS="${TEST_WORKERS:-2}"

run_pytest() {
  "$BIN/python" -m pytest -n "$WORKERS" "$@"
  local rc=$?
  # pytest exits 5 when it collected nothing: that is a broken suite here, never a pass.
  if [ $rc -eq 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return $rc
}

if [ -n "${THROWAWAY_POSTGRES_URL:-}" ]; then
  # Called again by with-postgres.sh, beside its server.
  export DATABASE_URL="${THROWAWAY_POSTGRES_URL%/postgres}/servicehall"
  # Pure parsing and rendering tests touch no database: once, on SQLite, is enough.
  run_pytest -m "not nodb"
  exit $?
fi

echo "== SQLite"
unset DATABASE_URL
run_pytest || exit 1

echo "== PostgreSQL"
PG_OPTIONS=-F exec scripts/with-postgres.sh scripts/run-tests.sh
