#!/usr/bin/env bash
# Rebuild servicehall/core/static/vendor/echarts.custom.min.js: ECharts with only what the pages
# draw (line charts, grid, tooltip, legend, canvas), bundled and minified by esbuild.
# The full dist/echarts.min.js is 1.1 MB (368 KB gzipped); this build is ~530 KB (~180 KB).
# Needs node and npm; versions pinned by package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../../servicehall/core/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --silent
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=echarts \
  --legal-comments=none --target=es2017 --outfile="$vendor/echarts.custom.min.js"
sha256sum "$vendor/echarts.custom.min.js"
