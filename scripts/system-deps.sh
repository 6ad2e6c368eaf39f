#!/bin/sh
# Debian packages gongkai needs beyond Python: Pango and CJK fonts for the PDFs WeasyPrint
# makes (published reports, letters, board sheets); Tesseract with its Chinese model to read
# scanned reports and attachments; LibreOffice (without its GUI) to convert .doc/.wps/.rtf/.odt/
# .xls/.et files before reading them; for the test suite also Chromium for the
# browser tests and poppler-utils to read PDFs back, and nginx, redis-server and wrk for the
# two-node tests and benchmarks (tests/test_two_nodes.py, bench/bench_nodes.py). Installed when we are root; otherwise we
# stop and name them, because skipping those tests or PDFs quietly would hide failures.
#   sh scripts/system-deps.sh          everything the test suite needs
#   sh scripts/system-deps.sh runtime  what serving the site needs
set -e
RUNTIME="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 tesseract-ocr tesseract-ocr-chi-sim libreoffice-writer-nogui libreoffice-calc-nogui"
PACKAGES="$RUNTIME"
[ "$1" = runtime ] || PACKAGES="$PACKAGES chromium poppler-utils nginx redis-server wrk"
missing=""
fc-list 2>/dev/null | grep -qi "Noto.*CJK" || missing="$missing fonts-noto-cjk"
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing="$missing tesseract-ocr-chi-sim"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
if [ "$1" != runtime ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
  command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
  command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES >/dev/null
else
  echo "gongkai needs these Debian packages:$missing" >&2
  echo "Install them with: sudo apt-get install $PACKAGES" >&2
  exit 1
fi
