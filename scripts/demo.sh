#!/usr/bin/env bash
# One command: set up .venv and fonts, then run the eduplan demo on an embedded SQLite
# database (./var/demo.db): the sample plan of 示例县, sample data, and the dashboard.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
setup_system fonts-noto-cjk fonts-wqy-microhei
setup_python
cd "$ROOT"
exec "$VENV/bin/eduplan" demo "$@"
