#!/usr/bin/env bash
# The whole test suite from a fresh machine: linters, type checks, and pytest on SQLite and on PostgreSQL.
# README's test command and .ci/run run exactly this. The tests start their own throwaway PostgreSQL
# server (tests/pg.py) from Debian's packages, which this installs when run as root (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; }
if ! have_postgres && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
if have_postgres; then
    export RELEASEWATCH_TEST_POSTGRES=required  # a PostgreSQL test that cannot start its server fails
else
    echo "scripts/test.sh: PostgreSQL is not installed (sudo apt-get install postgresql): its tests are skipped" >&2
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
