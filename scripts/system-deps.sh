#!/bin/sh
# The Debian packages the suite needs: Chromium for the browser tests, CJK fonts for pages and
# PDFs, poppler-utils to read PDFs back, Pango for WeasyPrint. Installed when we are root;
# otherwise we stop and name them, because skipping those tests quietly would hide failures.
set -e
PACKAGES="chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0"
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Noto.*CJK" || missing="$missing fonts-noto-cjk"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES >/dev/null
else
  echo "The test suite needs these Debian packages:$missing" >&2
  echo "Install them with: sudo apt-get install $PACKAGES" >&2
  exit 1
fi
