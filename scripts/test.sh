#!/usr/bin/env bash
# Set up and run every test: lint and types, the app's component tests, then pytest (unit, services,
# end to end, training, browser). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/services.sh

printf '\n==> lint\n'
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy luna_common luna_rabbit luna_api luna_data_worker luna_analyzer_worker luna_model \
  luna_local luna_testing training benchmarks
if [ -f luna_app/package.json ]; then
  printf '\n==> app: typecheck and component tests\n'
  (cd luna_app && npm run typecheck && npm run lint && npm test)
fi
printf '\n==> pytest\n'
.venv/bin/python -m pytest -ra "$@"
