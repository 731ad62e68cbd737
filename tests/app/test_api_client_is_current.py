"""The app's generated API types (luna_app/src/api/schema.d.ts) match the API's routes.

After any change to the API's routes or models, `npm run api:generate` in luna_app rewrites them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[2] / "luna_app"


def test_generated_api_types_are_current() -> None:
    if (
        shutil.which("node") is None
        or not (APP_DIR / "node_modules" / "openapi-typescript").exists()
    ):
        pytest.skip("node or luna_app's npm packages are missing (scripts/setup.sh)")
    check = subprocess.run(
        ["node", "scripts/generate-api.mjs", "--check"],
        cwd=APP_DIR,
        env={**os.environ, "OPENAPI_DUMP_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
