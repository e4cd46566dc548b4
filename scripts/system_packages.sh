#!/usr/bin/env bash
# Installs the Debian packages Kompas needs that are missing, for `make run` or, with
# --test, for `make test` too (--perf: wrk for `make perf`). A no-op when everything is there; needs root (or sudo)
# only when something is missing.
#
#   run:  WeasyPrint's Pango and HarfBuzz, a font, gettext to compile translations; xmlsec1 (pysaml2 signs and checks SAML messages with it)
#   test: also poppler-utils (pdftotext, to read PDFs back), Chromium (browser journeys)
#         and docker-compose (to validate docker-compose.yml)
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext xmlsec1)
for option in "$@"; do
  case "$option" in
    --test) packages+=(poppler-utils chromium docker-compose) ;;
    --perf) packages+=(wrk) ;;  # the load generator of make perf
    *) echo "usage: $0 [--test] [--perf]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "These Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
