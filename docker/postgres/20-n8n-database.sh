#!/bin/sh
# Runs once, when the Postgres volume is first initialised (after the PostGIS
# image's own 10_postgis.sh). n8n keeps its tables in a database of its own,
# beside Directus's POSTGRES_DB, owned by the same user.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<EOSQL
CREATE DATABASE "${N8N_POSTGRES_DB}" OWNER "${POSTGRES_USER}";
EOSQL
