#!/usr/bin/env bash
# make soak: 50 window clients × 60 s, one case number accepted by 20 at once, writes and logins
# during a 2,000,000-row import (each waits ≤ 1 s), an import killed mid-write, and issue 23's scenarios (the
# poisoned files uploaded on the import page while the worker runs, the sockpuppet leader made in
# Django admin, backup → restore with files and hashed tokens, each tampering of the archive) — on
# SQLite, then PostgreSQL. SOAK_CLIENTS, SOAK_SECONDS and SOAK_ROWS make it smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=(--clients "${SOAK_CLIENTS:-50}" --seconds "${SOAK_SECONDS:-60}" --import-rows "${SOAK_ROWS:-2000000}")
.venv/bin/python -m servicehall.bench.soak sqlite "${ARGS[@]}"
exec scripts/with-postgres.sh sh -c 'SOAK_POSTGRES_URL=$THROWAWAY_POSTGRES_URL .venv/bin/python -m servicehall.bench.soak postgresql "$@"' soak "${ARGS[@]}"
