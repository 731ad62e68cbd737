"""Start and stop LUNA's processes on one machine: used by ``luna-local`` and by the tests.

Every service runs as its own process with its settings passed in the environment, exactly as
in production; only the MongoDB-protocol server and the app's static server are local stand-ins
for their containers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from luna_api.core.config import ApiSettings
from luna_common.settings import child_environment, refuse_unknown_variables, variable_name
from luna_local import mongo_server
from luna_local.settings import ALL_SETTINGS, SERVICE_SETTINGS
from luna_rabbit import topology
from luna_rabbit.worker_lifecycle import check_heartbeats

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_DIR = REPO_ROOT / "luna_app"

# The queues each worker consumes: one heartbeat file each.
WORKER_QUEUES = {
    "analyzer": (topology.PENDING_QUEUE,),
    "registrar": (topology.COMPLETED_QUEUE, topology.DEAD_LETTER_WATCH_QUEUE),
}
SERVICE_MODULES = {
    "api": "luna_api",
    "analyzer": "luna_analyzer_worker",
    "registrar": "luna_data_worker",
}


@dataclass
class LocalPlatform:
    """A set of running LUNA processes and the ``LUNA_`` variables they are given.

    ``env`` holds the settings of every process; each service is started with only the ones
    its settings class reads, as its own container would be.
    """

    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        refuse_unknown_variables(self.env, ALL_SETTINGS)

    @property
    def api_url(self) -> str:
        api = self.settings_of("api")
        fields = ApiSettings.model_fields
        host = api.get(variable_name("api_host"), fields["api_host"].default)
        port = api.get(variable_name("api_port"), fields["api_port"].default)
        return f"http://{host.replace('0.0.0.0', '127.0.0.1')}:{port}"

    def settings_of(self, kind: str) -> dict[str, str]:
        """The ``LUNA_`` variables a service of this kind is started with."""
        names = SERVICE_SETTINGS[kind].variable_names()
        return {key: value for key, value in self.env.items() if key in names}

    def _spawn(
        self,
        name: str,
        command: list[str],
        cwd: Path = REPO_ROOT,
        luna_env: dict[str, str] | None = None,
    ) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_file = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=child_environment(luna_env or {}),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_service(self, kind: str, name: str | None = None) -> subprocess.Popen:
        """Start one API, analyzer or registrar process; ``name`` tells copies apart.

        A worker gets a heartbeat folder of its own, which :meth:`wait_until_consuming` reads.
        """
        name = name or kind
        luna_env = self.settings_of(kind)
        if kind in WORKER_QUEUES:
            luna_env[variable_name("heartbeat_dir")] = str(self.heartbeat_dir(name))
        return self._spawn(name, [sys.executable, "-m", SERVICE_MODULES[kind]], luna_env=luna_env)

    def heartbeat_dir(self, name: str) -> Path:
        return self.log_dir / "heartbeats" / name

    def wait_until_consuming(self, name: str, kind: str, timeout_s: float = 60) -> None:
        """Block until every consumer of worker ``name`` (a ``kind``) says it consumes, as its
        heartbeat files say; raise with its log if it exits first."""
        folder = self.heartbeat_dir(name)
        deadline = time.monotonic() + timeout_s
        problem: str | None = "not started"
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited ({process.returncode}):\n{self.tail_log(name)}")
            missing = [q for q in WORKER_QUEUES[kind] if not (folder / q).exists()]
            problem = (
                f"no heartbeat for {', '.join(missing)} yet"
                if missing
                else check_heartbeats(folder, max_age_s=timeout_s, consuming=True)
            )
            if problem is None:
                return
            time.sleep(0.2)
        raise TimeoutError(f"{name} is not consuming ({problem}):\n{self.tail_log(name)}")

    def start_mongo(self, port: int, storage: str | Path) -> str:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        process = mongo_server.start(port, storage, log_file=self.log_dir / "mongo.log")
        self.processes["mongo"] = process
        url = mongo_server.url_for(port)
        mongo_server.wait_until_ready(url, process)
        return url

    def start_app(self, port: int = 8100, build_dir: Path | None = None) -> subprocess.Popen:
        """Serve the built app (``build_dir``, by default luna_app/dist) with vite preview."""
        vite = APP_DIR / "node_modules" / "vite" / "bin" / "vite.js"
        out_dir = ["--outDir", str(build_dir)] if build_dir is not None else []
        return self._spawn(
            "app",
            ["node", str(vite), "preview", *out_dir]
            + ["--host", "127.0.0.1", "--port", str(port), "--strictPort"],
            cwd=APP_DIR,
        )

    def wait_for_api(self, timeout_s: float = 60) -> None:
        """Block until the API answers /health; raise with its log if it dies first."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            api = self.processes.get("api")
            if api is not None and api.poll() is not None:
                raise RuntimeError(f"the API exited ({api.returncode}):\n{self.tail_log('api')}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"the API did not become healthy:\n{self.tail_log('api')}")

    def tail_log(self, name: str, lines: int = 40) -> str:
        path = self.log_dir / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def stop_process(self, name: str, *, sig: int = signal.SIGTERM, timeout_s: float = 20) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        """SIGTERM everything (workers finish or requeue their batch), newest first."""
        for name in reversed(list(self.processes)):
            self.stop_process(name)
