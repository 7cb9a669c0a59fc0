#!/usr/bin/env bash
# Installs the Debian packages the tests use as independent witnesses, when any is missing:
# PostgreSQL 15 (server, psql, pg_dump, pgbench), the zstd/gzip/lz4/brotli tools, sqlite3,
# and psycopg2/SQLAlchemy for the Python client tests. Needs root (or sudo) only if something is missing.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
have psql || need+=(postgresql-client)
have zstd || need+=(zstd)
have lz4 || need+=(lz4)
have brotli || need+=(brotli)
have gzip || need+=(gzip)
have sqlite3 || need+=(sqlite3)
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || need+=(python3-psycopg2)
/usr/bin/python3 -c 'import sqlalchemy' >/dev/null 2>&1 || need+=(python3-sqlalchemy)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing Debian packages: ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
