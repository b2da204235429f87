#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh (sourced, not run directly).
#
#   setup_python [test]   create or reuse .venv and install eduplan (plus test extras)
#   setup_system PKG...   install missing Debian packages (as root, with apt-get)
#
# Both are idempotent and quick when nothing changed: the venv install is skipped while
# pyproject.toml's hash matches the stamp written after the last install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

setup_python() {
    local extras="${1:-}"
    local py="${PYTHON:-python3}"
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "eduplan needs Python 3.11 or newer ($py is $("$py" --version 2>&1))." >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        "$py" -m venv "$VENV" || {
            echo "python3 -m venv failed: install the Debian package python3-venv." >&2
            exit 1
        }
    fi
    local hash stamp="$VENV/.eduplan-installed" have=""
    hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
    [ -f "$stamp" ] && have="$(cat "$stamp")"
    # a test install also satisfies a plain one
    if [ "$have" != "$hash-test" ] && [ "$have" != "$hash-${extras:-core}" ]; then
        say "installing eduplan into .venv"
        local log="$VENV/pip-install.log"
        local target="$ROOT"
        [ -n "$extras" ] && target="$ROOT[$extras]"
        if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check -U pip \
               && "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$target"; } >"$log" 2>&1; then
            grep -v "^WARNING: Location" "$log" | tail -30 >&2
            echo "installing eduplan failed (full log: $log)" >&2
            exit 1
        fi
        echo "$hash-${extras:-core}" > "$stamp"
    fi
}

setup_system() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
        echo "Tests that need them are skipped." >&2
        return 0
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}
