#!/usr/bin/env bash
# Run the whole suite against PostgreSQL in a throwaway database.
# PG_ADMIN_URL points at a server where we may create databases.
set -eu
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
name="portal_ci_$$"
base=${PG_ADMIN_URL%/*}
.venv/bin/python - "$PG_ADMIN_URL" "$name" create <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
cleanup() {
    .venv/bin/python - "$PG_ADMIN_URL" "$name" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    conn.execute(f'DROP DATABASE IF EXISTS "test_{sys.argv[2]}" WITH (FORCE)')
PY
}
trap cleanup EXIT
DATABASE_URL="$base/$name" .venv/bin/pytest "$@"
