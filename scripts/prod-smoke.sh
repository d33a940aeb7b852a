#!/usr/bin/env bash
# make prod-smoke: PostgreSQL, gunicorn (deploy/gunicorn.conf.py) and the background worker on
# loopback, driven over HTTP as their users would, then stopped. Prints what it checked.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORK=$(mktemp -d /tmp/servicehall-prod-smoke.XXXXXX)
free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
PGPORT=$(free_port)
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; chmod 755 "$WORK"; RUNAS=(su postgres -s /bin/sh -c); fi
pgrun() { if [ ${#RUNAS[@]} -gt 0 ]; then "${RUNAS[@]}" "$*"; else sh -c "$*"; fi; }
pgrun "$PGBIN/initdb -A trust -U servicehall -E UTF8 --locale=C.UTF-8 -D $WORK/pg" >/dev/null
pgrun "$PGBIN/pg_ctl -D $WORK/pg -o '-h 127.0.0.1 -p $PGPORT -k $WORK -F' -l $WORK/pg.log -w start" >/dev/null

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pgrun "$PGBIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="postgres://servicehall@127.0.0.1:$PGPORT/postgres"
export SERVICEHALL_VAR_DIR="$WORK/var" DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SERVICEHALL_REQUIRE_SECRET=true DJANGO_ALLOWED_HOSTS=127.0.0.1
WEBPORT=$(free_port)
export SERVICEHALL_BIND="127.0.0.1:$WEBPORT" SERVICEHALL_WORKERS=2
mkdir -p "$SERVICEHALL_VAR_DIR"

"$BIN/servicehall" migrate --noinput -v 0
"$BIN/servicehall" collectstatic --noinput -v 0
# The hall the events file names: a department, its 办理项 and the comprehensive window Z01
# (a 受理 names its 办理项, cases.entry).
"$BIN/servicehall" shell -c '
import datetime as dt
from servicehall.org.models import Center, Department, Window
from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem
center = Center.default()
department = Department.objects.create(center=center, name="冒烟测试厅", stationed_on=dt.date(2020, 1, 1))
Window.objects.create(center=center, code="Z01", kind=Window.Kind.COMPREHENSIVE_ACCEPT, opened_on=dt.date(2020, 1, 1))
item = ServiceItem.objects.create(department=department, code="SMOKE000001", name="冒烟测试事项", kind=ItemKind.LICENSE)
HandlingItem.objects.create(service_item=item, code="SMOKE-1", name="冒烟测试办理项", time_limit_days=5, listed_on=dt.date(2020, 1, 1))
' >/dev/null
"$BIN/servicehall" adduser smoke_admin --role admin --password "smoke-admin-mima-2024" >/dev/null
"$BIN/servicehall" adduser smoke_leader --role leader --password "smoke-leader-mima-2024" >/dev/null
export SMOKE_ADMIN_TOKEN=$("$BIN/servicehall" api-token smoke_admin)
export SMOKE_LEADER_TOKEN=$("$BIN/servicehall" api-token smoke_leader)

"$BIN/gunicorn" -c deploy/gunicorn.conf.py servicehall.wsgi >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
"$BIN/servicehall" worker --poll 0.5 >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$WEBPORT/accounts/login/" && break
  sleep 0.2
done

if ! "$BIN/python" scripts/prod_smoke.py "http://127.0.0.1:$WEBPORT"; then
  echo "--- gunicorn log" >&2; tail -n 40 "$WORK/gunicorn.log" >&2
  echo "--- worker log" >&2; tail -n 40 "$WORK/worker.log" >&2
  exit 1
fi
