#!/usr/bin/env bash
# Set up Cuttings with its test tools in .venv, then run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check app ui tests
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
