#!/usr/bin/env bash
# Back up Kompas: the PostgreSQL database (pg_dump, custom format) and the uploaded files
# (organisation logos) under DJANGO_MEDIA_ROOT. Exported PDFs are left out: they are made
# again on request.
#
#   DATABASE_URL=postgres://user@host:5432/kompas scripts/backup.sh [directory]
#
# Writes <directory>/kompas.dump and <directory>/media.tar.gz; the directory defaults to
# backups/<UTC timestamp>. Restore with scripts/restore.sh <directory>.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
target="${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"
media="${DJANGO_MEDIA_ROOT:-media}"

mkdir -p "$target"
# Custom format: compressed, and pg_restore loads the data before it creates the triggers
# that guard adopted versions, so the dump restores as it was.
pg_dump --format=custom --no-owner --no-privileges --file="$target/kompas.dump" "$DATABASE_URL"
if [ -d "$media" ]; then
  tar -czf "$target/media.tar.gz" -C "$media" --exclude=./exports .
else
  tar -czf "$target/media.tar.gz" --files-from=/dev/null
fi
echo "$target"
