#!/usr/bin/env bash
# Starts CUPS without systemd and adds the cups-pdf queue `volya-pdf` (prints to PDF files) as the default,
# for the real printing test (npm run test:cups). Needs root and the packages cups, printer-driver-cups-pdf.
set -euo pipefail

if ! command -v cupsd >/dev/null && [ ! -x /usr/sbin/cupsd ]; then
  echo "setup-cups: cupsd is missing: apt-get install -y cups printer-driver-cups-pdf" >&2
  exit 1
fi

if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  # -f stays in the foreground, so background it ourselves: there is no systemd here.
  /usr/sbin/cupsd -f >/tmp/cupsd.log 2>&1 &
  for _ in $(seq 1 50); do
    lpstat -r 2>/dev/null | grep -q 'is running' && break
    sleep 0.2
  done
fi
lpstat -r | grep -q 'is running' || { echo "setup-cups: cupsd did not start (see /tmp/cupsd.log)" >&2; exit 1; }

ppd=$(lpinfo -m | awk '/cups-pdf\/CUPS-PDF_opt\.ppd/ {print $1; exit}')
[ -n "$ppd" ] || ppd=$(lpinfo -m | awk '/CUPS-PDF/ {print $1; exit}')
[ -n "$ppd" ] || { echo "setup-cups: no CUPS-PDF driver found (lpinfo -m)" >&2; exit 1; }

lpadmin -p volya-pdf -E -v cups-pdf:/ -m "$ppd"
lpadmin -d volya-pdf
cupsenable volya-pdf
cupsaccept volya-pdf
lpstat -p volya-pdf -d
