"""`luna-local` starts the whole platform, says where it is, and stops it all on Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from luna_api.core.config import ApiSettings
from luna_common.settings import child_environment, variable_name
from luna_testing.services import free_port, postgres_database

pytestmark = pytest.mark.e2e


def test_luna_local_starts_everything_and_stops_cleanly_on_ctrl_c(
    rabbitmq_url: str, tmp_path: Path
) -> None:
    with postgres_database() as postgres_url:  # its own: the first admin must be made here
        run_luna_local(postgres_url, rabbitmq_url, tmp_path)


def run_luna_local(postgres_url: str, rabbitmq_url: str, tmp_path: Path) -> None:
    api_port, mongo_port = free_port(), free_port()
    # No mongo_url: luna-local must start its own MongoDB-protocol server.
    env = child_environment(
        ApiSettings.environment_for(
            database_url=postgres_url, rabbitmq_url=rabbitmq_url, api_port=api_port
        )
    )
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "luna_local",
            "--no-app",
            "--mongo-port",
            str(mongo_port),
            "--var-dir",
            str(tmp_path / "var"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Press Ctrl-C" in line:
                break
        printed = "".join(output)
        assert f"http://127.0.0.1:{api_port}/docs" in printed, printed
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) >= 4  # mongo, api, analyzer, registrar

        assert httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=5).status_code == 200
        # The first admin exists, with the password written (only) to var/local.env.
        local_env = tmp_path / "var" / "local.env"
        assert oct(local_env.stat().st_mode & 0o777) == "0o600"
        password = re.search(
            rf"{variable_name('admin_password')}=(\S+)", local_env.read_text()
        ).group(1)
        assert password not in printed
        signin = httpx.post(
            f"http://127.0.0.1:{api_port}/signin",
            json={"username": "admin", "password": password},
            timeout=10,
        )
        assert signin.status_code == 200, signin.text

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert "stopped." in process.stdout.read()
        assert not [c for c in children if c.is_running() and c.status() != "zombie"]
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=2)
    finally:
        if process.poll() is None:  # a failed assertion: stop the platform, leave nothing behind
            leftovers = psutil.Process(process.pid).children(recursive=True)
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            for child in leftovers:
                if child.is_running():
                    child.kill()
