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
import psycopg
import pytest
from sqlalchemy.engine import make_url

from luna_api.core.config import ApiSettings
from luna_common.settings import child_environment, variable_name
from luna_testing.services import POSTGRES_ADMIN_DSN, free_port, postgres_database

pytestmark = pytest.mark.e2e


def test_luna_local_starts_everything_and_stops_cleanly_on_ctrl_c(
    rabbitmq_url: str, tmp_path: Path
) -> None:
    with postgres_database() as postgres_url:  # its own: the first admin must be made here
        run_luna_local(postgres_url, rabbitmq_url, tmp_path)


def test_two_clones_on_one_machine_each_get_a_first_admin_that_signs_in(
    rabbitmq_url: str, tmp_path: Path
) -> None:
    """A second clone used to reuse the first one's database `luna`, whose admin has the first
    clone's password: the password the second clone printed did not work. Each clone's var/
    (here two --var-dir) now names a database of its own."""
    clones = [tmp_path / "clone-a", tmp_path / "clone-b"]
    try:
        for clone in clones:
            printed = run_luna_local(None, rabbitmq_url, clone)
            assert "WARNING" not in printed, printed
        databases = [_database_of(clone) for clone in clones]
        assert databases[0] != databases[1]

        # A checkout whose var/local.env points at a database another checkout made (as every
        # checkout did before): the mismatch is detected and the start says what to do.
        stale = tmp_path / "clone-c" / "var" / "local.env"
        stale.parent.mkdir(parents=True)
        made = ApiSettings.environment_for(
            admin_username="admin",
            admin_email="admin@luna.local",
            admin_password="not-the-first-clones-password",
            database_url=_database_url_of(clones[0]),
        )
        stale.write_text("".join(f"{key}={value}\n" for key, value in made.items()))
        stale.chmod(0o600)
        printed = run_luna_local(None, rabbitmq_url, tmp_path / "clone-c", expect_admin=False)
        assert f"users database '{databases[0]}' was not made with the password" in printed
        assert "delete var/local.env" in printed
    finally:
        with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as conn:
            for clone in clones:
                if (clone / "var" / "local.env").exists():
                    conn.execute(f'DROP DATABASE IF EXISTS "{_database_of(clone)}" WITH (FORCE)')


def _database_url_of(clone: Path) -> str:
    text = (clone / "var" / "local.env").read_text()
    return re.search(rf"{variable_name('database_url')}=(\S+)", text).group(1)


def _database_of(clone: Path) -> str:
    name = make_url(_database_url_of(clone)).database
    assert name and name.startswith("luna_local_"), name
    return name


def run_luna_local(
    postgres_url: str | None, rabbitmq_url: str, tmp_path: Path, *, expect_admin: bool = True
) -> str:
    """Start luna-local with var/ in ``tmp_path``, check it, stop it with Ctrl-C; what it printed.

    Without ``postgres_url`` it uses the users database its var/local.env names."""
    api_port, mongo_port = free_port(), free_port()
    # No mongo_url: luna-local must start its own MongoDB-protocol server.
    settings = ApiSettings.environment_for(rabbitmq_url=rabbitmq_url, api_port=api_port)
    if postgres_url:
        settings.update(ApiSettings.environment_for(database_url=postgres_url))
    env = child_environment(settings)
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
        assert signin.status_code == (200 if expect_admin else 401), signin.text

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        rest = process.stdout.read()
        assert "stopped." in rest
        printed += rest
        assert not [c for c in children if c.is_running() and c.status() != "zombie"]
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=2)
        return printed
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
