"""The built app served by vite preview against the real platform, and headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from luna_local.platform import LocalPlatform
from luna_testing.platform import RunningPlatform
from luna_testing.settings import TestRunSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "luna_app"
VITE = APP_DIR / "node_modules" / "vite" / "bin" / "vite.js"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
TEST_RUN = TestRunSettings()
CHROMIUM = str(TEST_RUN.chromium)
# The API allows these origins (luna_testing/platform.py APP_ORIGINS); 8100 is the app's usual port.
APP_PORTS = (8100, 8101)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium; Playwright cannot download a browser here."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-liberation")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def app_build(platform: RunningPlatform, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app built with VITE_LUNA_API_URL pointing at the test platform's API."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not VITE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=APP_DIR, check=True)
    out_dir = tmp_path_factory.mktemp("luna-app-dist")
    subprocess.run(
        [
            "node",
            str(VITE),
            "build",
            "--outDir",
            str(out_dir),
            "--emptyOutDir",
            "--logLevel",
            "warn",
        ],
        cwd=APP_DIR,
        env={**os.environ, "VITE_LUNA_API_URL": platform.api_url},
        check=True,
    )
    return out_dir


@pytest.fixture(scope="session")
def app_url(app_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """vite preview serving the build on 127.0.0.1:8100 (or 8101 when 8100 is taken)."""
    port = next((p for p in APP_PORTS if _port_is_free(p)), None)
    if port is None:
        pytest.fail(f"ports {APP_PORTS} are both taken; the API only allows those origins")
    processes = LocalPlatform(env={}, log_dir=tmp_path_factory.mktemp("luna-app-log"))
    server = processes.start_app(port, build_dir=app_build)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"vite preview exited:\n{processes.tail_log('app')}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"vite preview did not answer:\n{processes.tail_log('app')}")
            time.sleep(0.2)
        yield url
    finally:
        processes.stop()


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/screenshots when TestRunSettings.update_screenshots, else a temporary folder, so that
    a test run does not rewrite tracked files."""
    if TEST_RUN.update_screenshots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")
