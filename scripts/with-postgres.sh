#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL server on loopback (Debian defaults, fsync on):
#   scripts/with-postgres.sh COMMAND ARGS…   — COMMAND sees THROWAWAY_POSTGRES_URL.
# PG_OPTIONS adds server options (the test suite passes -F: fsync off).
# The server and its files are removed when the command ends.
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
PGDIR=$(mktemp -d /tmp/servicehall-pg.XXXXXX)
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; RUNAS=(su postgres -s /bin/sh -c); fi
pgrun() { if [ ${#RUNAS[@]} -gt 0 ]; then "${RUNAS[@]}" "$*"; else sh -c "$*"; fi; }
pgrun "$PGBIN/initdb -A trust -U servicehall -E UTF8 --locale=C.UTF-8 -D $PGDIR/data" >/dev/null
pgrun "$PGBIN/pg_ctl -D $PGDIR/data -o '-h 127.0.0.1 -p $PORT -k $PGDIR -c max_connections=200 ${PG_OPTIONS:-}' -l $PGDIR/log -w start" >/dev/null \
  || { cat "$PGDIR/log"; exit 1; }
trap 'pgrun "$PGBIN/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null; rm -rf "$PGDIR"' EXIT
export THROWAWAY_POSTGRES_URL="postgres://servicehall@127.0.0.1:$PORT/postgres"
"$@"
