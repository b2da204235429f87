#!/usr/bin/env bash
# One command: set up .venv, PostgreSQL, Chromium, fonts and LibreOffice, start a
# throwaway PostgreSQL cluster on a free port, and run the whole test suite against
# SQLite and PostgreSQL. Extra arguments go to pytest (e.g. -k sections, -x).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
setup_system postgresql fonts-noto-cjk fonts-wqy-microhei chromium chromium-driver \
    libreoffice-writer-nogui poppler-utils
setup_python test
cd "$ROOT"

PG_DIR=""
stop_pg() {
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
}
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_VERSION="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1 || true)"
if [ -n "$PG_VERSION" ] && [ -x "/usr/lib/postgresql/$PG_VERSION/bin/initdb" ]; then
    PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
    PG_DIR="$(mktemp -d /tmp/eduplan-pg.XXXXXX)"
    trap stop_pg EXIT
    [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
    PG_PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    say "starting a throwaway PostgreSQL $PG_VERSION on port $PG_PORT"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U eduplan -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U eduplan eduplan_test
    export EDUPLAN_TEST_DATABASE_URL="postgresql+psycopg://eduplan@127.0.0.1:$PG_PORT/eduplan_test"
else
    echo "PostgreSQL is not installed: the PostgreSQL half of the suite is skipped." >&2
fi

set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
exit $status
