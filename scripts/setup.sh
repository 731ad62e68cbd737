#!/usr/bin/env bash
# Install everything LUNA needs on this machine: Python venv, SecantusDB (local MongoDB-protocol
# server, in a venv of its own), Chromium for the browser tests, and the app's npm packages and build.
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
step() { printf '\n==> %s\n' "$*"; }

step "Python packages (.venv)"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch 2.14.1 / torchvision 0.29.1 install from this machine's local package store.
.venv/bin/python -m pip install -q -e '.[dev]'

step "SecantusDB, the local MongoDB-protocol server (.venv-secantus)"
[ -x .venv-secantus/bin/python ] || "$PYTHON" -m venv .venv-secantus
[ -x .venv-secantus/bin/secantusd-py ] || .venv-secantus/bin/python -m pip install -q SecantusDB==0.7.0b3

step "checkov, the policy linter for the Helm chart (.venv-checkov: its pins stay out of .venv)"
[ -x .venv-checkov/bin/python ] || "$PYTHON" -m venv .venv-checkov
[ -x .venv-checkov/bin/checkov ] || .venv-checkov/bin/python -m pip install -q checkov==3.3.30

step "Chromium for the app's browser tests"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-liberation
  else
    echo "chromium is missing: sudo apt-get install -y chromium fonts-liberation" >&2
  fi
fi

if [ -f luna_app/package.json ]; then
  step "The app (npm ci, build)"
  (cd luna_app && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
