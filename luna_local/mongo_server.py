"""The local MongoDB-protocol server: the SecantusDB daemon, run as its own process.

SecantusDB (GPL-2.0) is never imported: LUNA talks to it over TCP through a MongoDB URL,
exactly as to mongod. It lives in its own virtual environment (``.venv-secantus``).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from luna_local.settings import LocalSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DAEMON = REPO_ROOT / ".venv-secantus" / "bin" / "secantusd-py"


def daemon_path() -> str:
    """Where secantusd-py is: LUNA_SECANTUSD, the project's own venv, or the PATH."""
    configured = LocalSettings().secantusd
    if configured:
        return str(configured)
    if DEFAULT_DAEMON.exists():
        return str(DEFAULT_DAEMON)
    found = shutil.which("secantusd-py")
    if found is None:
        raise FileNotFoundError(
            "secantusd-py not found: run scripts/setup.sh "
            "(it installs SecantusDB into .venv-secantus)"
        )
    return found


def start(
    port: int,
    storage: str | Path,
    *,
    log_file: Path | None = None,
    oplog_max_entries: int = 10_000,
    cache_size: str | None = None,
) -> subprocess.Popen:
    """Start the daemon on 127.0.0.1:port; ``storage`` is a folder or ':memory:'.

    With ':memory:' everything must fit the storage cache (``cache_size``, default 1G, about
    5,000 images of 200 KB): past it every write fails. A folder has no such limit.
    """
    if storage != ":memory:":
        Path(storage).mkdir(parents=True, exist_ok=True)
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [
            daemon_path(),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            str(storage),
            "--standalone",
            "--oplog-max-entries",
            str(oplog_max_entries),
            *(["--cache-size", cache_size] if cache_size else []),
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def url_for(port: int) -> str:
    return f"mongodb://127.0.0.1:{port}/?directConnection=true"


def wait_until_ready(
    url: str, process: subprocess.Popen | None = None, timeout_s: float = 30
) -> None:
    """Block until the server answers a ping; raise if it exits or never answers."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the MongoDB-protocol server exited with code {process.returncode}")
        try:
            client: MongoClient = MongoClient(url, serverSelectionTimeoutMS=500)
            with client:
                client.admin.command("ping")
                return
        except PyMongoError:
            time.sleep(0.2)
    raise TimeoutError(f"no MongoDB-protocol server answered at {url} within {timeout_s}s")
