#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY PostgreSQL database (created if
# it does not exist) and put the uploaded files back under DJANGO_MEDIA_ROOT.
#
#   DATABASE_URL=postgres://user@host:5432/kompas_restored scripts/restore.sh <directory>
#
# It refuses a database that already has tables: restoring over live data would mix two
# histories, and the triggers guarding adopted versions would refuse part of it.
set -euo pipefail
cd "$(dirname "$0")/.."

source="${1:?usage: restore.sh <backup directory>}"
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to restore into}"
media="${DJANGO_MEDIA_ROOT:-media}"
[ -f "$source/kompas.dump" ] || { echo "restore.sh: no $source/kompas.dump" >&2; exit 2; }

# The database name is the URL's path; the server's maintenance database creates it.
name="$(python3 -c 'import sys, urllib.parse as u; print(u.unquote(u.urlsplit(sys.argv[1]).path.lstrip("/")))' "$DATABASE_URL")"
server="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit((p.scheme, p.netloc, "/postgres", p.query, "")))' "$DATABASE_URL")"
exists="$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '${name//\'/\'\'}'")"
if [ "$exists" != "1" ]; then
  psql "$server" -q -c "CREATE DATABASE \"${name//\"/\"\"}\""
fi
tables="$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: database $name is not empty ($tables tables); restore into a new one" >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$source/kompas.dump"
if [ -f "$source/media.tar.gz" ]; then
  mkdir -p "$media"
  tar -xzf "$source/media.tar.gz" -C "$media"
fi
# Pages kept in the cache (apps/core/page_cache.py) are keyed on the organisations'
# generations, which an older backup has lower: a kept page could meet its key again.
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || python=python3
if "$python" manage.py shell --no-imports -c 'from django.core.cache import cache; cache.clear()' >/dev/null; then
  echo "emptied the cache"
else
  echo "restore.sh: could not empty the cache (CACHE_URL); empty it before serving" >&2
fi
echo "restored $source into $name"
