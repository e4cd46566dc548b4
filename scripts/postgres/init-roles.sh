#!/usr/bin/env bash
# The postgres image runs this on its first start (docker-entrypoint-initdb.d).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$KOMPAS_OWNER_PASSWORD" -v app_password="$KOMPAS_APP_PASSWORD" \
  -f /docker-entrypoint-initdb.d/roles.sql.in
