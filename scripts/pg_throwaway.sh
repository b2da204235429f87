#!/usr/bin/env bash
# A throwaway PostgreSQL cluster: initdb in a temporary directory, a free port on
# 127.0.0.1, no durability (fsync off), stopped and deleted afterwards.
#
# Sourced (scripts/test.sh):
#   pg_throwaway_start DBNAME   start a cluster, create DBNAME, set PG_URL and PG_DIR;
#                               returns 1 (and sets nothing) if PostgreSQL is not installed
#   pg_throwaway_stop           stop the cluster and delete its directory (idempotent)
# The caller installs the trap: trap pg_throwaway_stop EXIT.
#
# Run as a command (bench/evaluate.py):
#   scripts/pg_throwaway.sh start DBNAME   prints "PG_DIR URL" and leaves the server running
#   scripts/pg_throwaway.sh stop PG_DIR    stops it and deletes PG_DIR
# Exit status 3 from "start" means PostgreSQL is not installed.

PG_DIR="${PG_DIR:-}"
PG_URL=""

_pg_as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_bin() {
    local version
    version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1 || true)"
    if [ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/initdb" ]; then
        echo "/usr/lib/postgresql/$version/bin"
    fi
}

_pg_free_port() {
    local py="python3"
    [ -n "${VENV:-}" ] && [ -x "$VENV/bin/python" ] && py="$VENV/bin/python"
    "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

_pg_fail() {
    echo "throwaway PostgreSQL: $1" >&2
    [ -f "$PG_DIR/server.log" ] && tail -5 "$PG_DIR/server.log" >&2
    pg_throwaway_stop
    exit 1
}

pg_throwaway_start() {
    local db="$1" bin port
    bin="$(_pg_bin)"
    [ -n "$bin" ] || return 1
    PG_BIN="$bin"
    PG_VERSION="$(basename "$(dirname "$bin")")"
    PG_DIR="$(mktemp -d /tmp/eduplan-pg.XXXXXX)"
    [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
    port="$(_pg_free_port)"
    PG_PORT="$port"
    if declare -F say >/dev/null; then
        say "starting a throwaway PostgreSQL $PG_VERSION on port $port"
    fi
    # callers run this inside "if", where set -e does not apply: check each step
    _pg_as_postgres "$bin/initdb" -D "$PG_DIR/data" -U eduplan -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
        || _pg_fail "initdb failed"
    _pg_as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_EXTRA_OPTIONS:-}" \
        start >/dev/null || _pg_fail "the server did not start (log: $PG_DIR/server.log)"
    _pg_as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U eduplan "$db" || _pg_fail "createdb $db failed"
    PG_URL="postgresql+psycopg://eduplan@127.0.0.1:$port/$db"
}

pg_throwaway_stop() {
    local bin
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        bin="${PG_BIN:-$(_pg_bin)}"
        _pg_as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
    PG_DIR=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start)
            pg_throwaway_start "${2:-eduplan}" || { echo "PostgreSQL is not installed" >&2; exit 3; }
            echo "$PG_DIR $PG_URL"
            ;;
        stop)
            PG_DIR="${2:?usage: pg_throwaway.sh stop PG_DIR}"
            pg_throwaway_stop
            ;;
        *)
            echo "usage: pg_throwaway.sh start DBNAME | stop PG_DIR" >&2
            exit 2
            ;;
    esac
fi
