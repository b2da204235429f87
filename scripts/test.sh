#!/usr/bin/env bash
# One command: set up .venv, PostgreSQL, Chromium, fonts and LibreOffice, start a
# throwaway PostgreSQL cluster on a free port, and run the whole test suite against
# SQLite and PostgreSQL. Extra arguments go to pytest (e.g. -k sections, -x).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
setup_system postgresql fonts-noto-cjk fonts-wqy-microhei chromium chromium-driver \
    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
setup_python test
cd "$ROOT"

source "$ROOT/scripts/pg_throwaway.sh"
if pg_throwaway_start eduplan_test; then
    trap pg_throwaway_stop EXIT
    export EDUPLAN_TEST_DATABASE_URL="$PG_URL"
else
    echo "PostgreSQL is not installed: the PostgreSQL half of the suite is skipped." >&2
fi

set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
exit $status
