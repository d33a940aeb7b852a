#!/usr/bin/env bash
# Install the Debian packages ServiceHall needs when they are missing (fresh machines, CI).
# usage: ensure-system-packages.sh runtime|test|bench
set -euo pipefail
need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
# grep -q stops reading early; with pipefail, fc-list's SIGPIPE would read as "missing".
have_font() { grep -q "$1" <(fc-list 2>/dev/null); }

have_cmd soffice || need+=(libreoffice-writer-nogui)
# The resident LibreOffice (gbt9704/office_worker.py) runs under Debian's python3.
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(python3-uno)
have_cmd pdffonts || need+=(poppler-utils)
# Scanned past reports are read by OCR (archive/ocr.py): Tesseract and its Chinese model.
have_cmd tesseract || need+=(tesseract-ocr)
grep -qx chi_sim <(tesseract --list-langs 2>/dev/null) || need+=(tesseract-ocr-chi-sim)
have_font "Noto Serif CJK" || need+=(fonts-noto-cjk)
have_font "LXGW WenKai" || need+=(fonts-lxgw-wenkai)
have_font "Liberation Serif" || need+=(fonts-liberation fonts-liberation2)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
if [ "${1:-runtime}" = "test" ] || [ "${1:-runtime}" = "bench" ]; then
  have_cmd chromium || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # A second, independent reader of the DOCX (gbt9704/tests/test_second_reader.py).
  have_cmd abiword || need+=(abiword)
fi
if [ "${1:-runtime}" = "bench" ]; then
  have_cmd wrk || need+=(wrk)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "Not root: install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
