#!/usr/bin/env bash
# Set up and start the whole LUNA platform on this machine (no Docker). Ctrl-C stops it.
# Options go to luna-local, e.g. `scripts/start.sh --analyzers 2`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/services.sh
exec .venv/bin/luna-local "$@"
