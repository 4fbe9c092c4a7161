#!/usr/bin/env bash
# Set up Cuttings in .venv and open it on the default archive (sample cuttings on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh app
bash scripts/venv.sh
exec .venv/bin/cuttings-gui "$@"
