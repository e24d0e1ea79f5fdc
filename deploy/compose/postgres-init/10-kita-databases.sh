#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d):
# one role for the subgraphs and one database per subgraph, owned by it. The subgraphs'
# migrations (migrate-<subgraph>) create the tables; nothing else is needed.
# Separate databases keep each subgraph's data its own, as in every other deployment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$KITA_DB_PASSWORD" <<'SQL'
CREATE ROLE kita LOGIN PASSWORD :'password';
CREATE DATABASE kita_facility OWNER kita;
CREATE DATABASE kita_vacancy OWNER kita;
CREATE DATABASE kita_reservation OWNER kita;
SQL
