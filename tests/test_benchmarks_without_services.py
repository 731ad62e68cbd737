"""``python -m benchmarks`` where a lent GPU machine stands: none of the services' client
packages, no PostgreSQL, RabbitMQ or MongoDB. The in-process drain must still run, and the
phases that need services must say why they did not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What the GPU machine lacks (TOOLCHAIN.md, "GPU machine"): the services' clients.
ABSENT = ["pika", "pymongo", "psycopg", "fastapi", "starlette", "httpx", "sqlalchemy", "uvicorn"]

RUN = """
import importlib.abc, runpy, sys
ABSENT = {absent!r}
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ABSENT:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
        return None
sys.meta_path.insert(0, Absent())
sys.argv = ["benchmarks", "--device", "cpu", "--only", "inprocess,broker,drain,ingest",
            "--duration", "1", "--photo-size", "640x480", "--out", {out!r}]
runpy.run_module("benchmarks", run_name="__main__")
"""


@pytest.mark.slow
def test_the_in_process_drain_runs_without_services(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    subprocess.run(
        [sys.executable, "-c", RUN.format(absent=ABSENT, out=str(out))],
        cwd=ROOT,
        check=True,
        timeout=600,
        capture_output=True,
    )
    results = json.loads(out.read_text())
    assert "pika" in results["not_runnable_here"]["why"]
    assert set(results["not_runnable_here"]["phases"]) >= {"broker", "drain", "ingest", "e2e"}
    assert "worker_drain" not in results and "broker_drain" not in results
    runs = results["inprocess_drain"]["runs"]
    assert {(r["messages"], r["mode"], r["heatmaps"]) for r in runs} == {
        (messages, mode, heatmaps)
        for messages in ("rendition (v2)", "photo (v1)")
        for mode in ("sequential", "overlapped")
        for heatmaps in (False, True)
    }
    assert all(r["images_per_s"] > 0 for r in runs)
    assert results["bare_model"]["best_images_per_s"] > 0
