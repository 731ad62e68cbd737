"""A worker's life: stop cleanly on SIGTERM/SIGINT (Kubernetes and compose send SIGTERM first),
and show that it is alive with a heartbeat file a liveness probe can check.

``python -m luna_rabbit.worker_lifecycle /run/luna/heartbeat --max-age 60`` exits 0 while every
consumer of the worker beats, 1 (saying why) otherwise: the workers' exec probe.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path


class StopFlag:
    """Set by SIGTERM/SIGINT: the worker finishes its batch, then closes (unacked work requeues)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def install(self) -> StopFlag:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._event.set())
        return self

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


class Heartbeat:
    """A file per consumer whose age says whether its loop still turns (Kubernetes liveness).

    The consume loop beats at least every fraction of a second while idle and after every
    batch; a worker stuck in a batch, or a dead consumer thread, stops beating. The file holds
    ``consuming`` while a consumer is registered on the broker, ``connecting`` otherwise, so
    a readiness check can tell a worker that waits for the broker from one that works.
    ``directory=None`` (the default in development) writes nothing.
    """

    def __init__(self, directory: Path | None, name: str, *, every_s: float = 1.0) -> None:
        self._path = directory / name if directory is not None else None
        self._every_s = every_s
        self._last: tuple[float, str] = (0.0, "")
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def beat(self, state: str = "consuming") -> None:
        """Refresh the file (at most once per ``every_s`` unless the state changed)."""
        if self._path is None:
            return
        now = time.monotonic()
        if state == self._last[1] and now - self._last[0] < self._every_s:
            return
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(state)
        tmp.replace(self._path)  # atomic: a probe never reads a half-written file
        self._last = (now, state)


def check_heartbeats(directory: Path, *, max_age_s: float, consuming: bool = False) -> str | None:
    """None when every heartbeat in ``directory`` is fresh (and consuming, if asked), else why."""
    beats = [p for p in directory.glob("*") if p.suffix != ".tmp"] if directory.is_dir() else []
    if not beats:
        return f"no heartbeat in {directory} yet"
    now = time.time()
    for path in beats:
        age = now - path.stat().st_mtime
        if age > max_age_s:
            return f"{path.name}: last beat {age:.0f}s ago (limit {max_age_s:.0f}s)"
        if consuming and path.read_text() != "consuming":
            return f"{path.name}: {path.read_text() or 'starting'}, not consuming"
    return None


def main(argv: list[str] | None = None) -> None:
    """The probe: ``python -m luna_rabbit.worker_lifecycle DIR [--max-age S] [--consuming]``."""
    parser = argparse.ArgumentParser(description="Check a LUNA worker's heartbeat files.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--max-age", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--consuming", action="store_true", help="also require a consumer")
    args = parser.parse_args(argv)
    problem = check_heartbeats(args.directory, max_age_s=args.max_age, consuming=args.consuming)
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
