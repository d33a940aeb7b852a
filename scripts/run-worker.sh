#!/usr/bin/env bash
# `make run`'s background worker, restarted whenever it dies (production: systemd does this,
# deploy/servicehall-worker.service). TERM or INT stops the worker and the loop.
set -u
BIN="$(dirname "$0")/../.venv/bin"
worker=
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null; exit 0' TERM INT
while true; do
  "$BIN/servicehall" worker &
  worker=$!
  wait "$worker"
  echo "servicehall worker 已退出（退出码 $?），2 秒后重启" >&2
  sleep 2
done
