#!/usr/bin/env bash
# The whole suite on SQLite, then the database-bound suite on a throwaway PostgreSQL server
# started here on loopback and removed afterwards.
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

echo "== SQLite"
unset DATABASE_URL
run_pytest || exit 1

echo "== PostgreSQL"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then echo "PostgreSQL server binaries not found" >&2; exit 1; fi
PGDIR=$(mktemp -d /tmp/servicehall-pg.XXXXXX)
PORT=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; RUNAS=(su postgres -s /bin/sh -c); fi
pgrun() { if [ ${#RUNAS[@]} -gt 0 ]; then "${RUNAS[@]}" "$*"; else sh -c "$*"; fi; }
pgrun "$PGBIN/initdb -A trust -U servicehall -E UTF8 --locale=C.UTF-8 -D $PGDIR/data" >/dev/null || exit 1
pgrun "$PGBIN/pg_ctl -D $PGDIR/data -o '-h 127.0.0.1 -p $PORT -k $PGDIR -F' -l $PGDIR/log -w start" >/dev/null || { cat "$PGDIR/log"; exit 1; }
trap 'pgrun "$PGBIN/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null; rm -rf "$PGDIR"' EXIT
export DATABASE_URL="postgres://servicehall@127.0.0.1:$PORT/servicehall"
# Pure parsing and rendering tests touch no database: once, on SQLite, is enough.
run_pytest -m "not nodb" || exit 1
