"""Each process's Prometheus endpoint during a real run: the counters move with the work.

The API runs two processes (prometheus-client's multiprocess mode, served by uvicorn's parent),
the analyzer and the registrar one each, all as separate processes on real services.
"""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_data_worker.settings import RegistrarSettings
from luna_testing.photos import lesion_jpeg
from luna_testing.platform import RunningPlatform, isolated_platform, wait_for_status
from luna_testing.services import free_port

pytestmark = pytest.mark.e2e

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(port: int) -> Samples:
    """Every sample on ``http://127.0.0.1:port/metrics``, keyed by name and labels."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels`` (0 when none)."""
    wanted = set(labels.items())
    return sum(v for (n, lbl), v in samples.items() if n == name and wanted <= lbl)


@pytest.fixture(scope="module")
def ports() -> dict[str, int]:
    return {"api": free_port(), "analyzer": free_port(), "registrar": free_port()}


@pytest.fixture(scope="module")
def metered(
    ports: dict[str, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningPlatform]:
    with isolated_platform(
        tmp_path_factory.mktemp("metrics-logs"),
        extra_env={
            **ApiSettings.environment_for(api_workers=2, api_metrics_port=ports["api"]),
            **AnalyzerSettings.environment_for(analyzer_metrics_port=ports["analyzer"]),
            **RegistrarSettings.environment_for(registrar_metrics_port=ports["registrar"]),
        },
    ) as platform:
        yield platform


def probe(heartbeat_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The workers' liveness probe, as Kubernetes runs it."""
    return subprocess.run(
        [sys.executable, "-m", "luna_rabbit.worker_lifecycle", str(heartbeat_dir), *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_counters_move_with_an_analysis(metered: RunningPlatform, ports: dict[str, int]) -> None:
    before = {name: scrape(port) for name, port in ports.items()}
    username, password = metered.create_user()
    token = metered.sign_in(username, password)
    with metered.client(token) as gp:
        image = "data:image/jpeg;base64," + base64.b64encode(lesion_jpeg()).decode()
        accepted = gp.post("/api/imageProcess", json={"image": image})
        assert accepted.status_code == 202, accepted.text
        analysis_id = accepted.json()["id"]
        assert wait_for_status(gp, analysis_id, {"completed", "failed"})["status"] == "completed"
        assert gp.get("/api/getAnalysis/not-an-id").status_code == 404
    after = {name: scrape(port) for name, port in ports.items()}

    def moved(service: str, name: str, **labels: str) -> float:
        return value(after[service], name, **labels) - value(before[service], name, **labels)

    # API: by route template and exact status, whichever of its two processes answered.
    submit = {"handler": "/api/imageProcess", "method": "POST", "status": "202"}
    assert moved("api", "http_requests_total", **submit) == 1
    assert moved("api", "http_request_duration_seconds_count", **submit) == 1
    one = {"handler": "/api/getAnalysis/{analysis_id}", "method": "GET"}
    assert moved("api", "http_requests_total", **one, status="200") >= 1
    assert moved("api", "http_requests_total", **one, status="404") == 1
    assert not any("not-an-id" in str(labels) for _, labels in after["api"])
    assert moved("api", "luna_publish_confirm_seconds_count", exchange="send_to_process") == 1

    # Analyzer: one completed analysis, its model call, decode, batch and confirmed result.
    assert moved("analyzer", "luna_analyses_total", status="completed") == 1
    assert moved("analyzer", "luna_model_seconds_count") >= 1
    assert moved("analyzer", "luna_decode_seconds_count") >= 1
    assert moved("analyzer", "luna_batch_size_count", queue="process_pending") >= 1
    assert (
        moved("analyzer", "luna_publish_confirm_seconds_count", exchange="process_completed") == 1
    )
    assert moved("analyzer", "luna_deliveries_settled_total", outcome="ack") == 1

    # Registrar: the result written into its record, and the delivery acked.
    assert (
        moved("registrar", "luna_results_recorded_total", status="completed", changed="true") == 1
    )
    assert moved("registrar", "luna_record_seconds_count") == 1
    assert moved("registrar", "luna_deliveries_settled_total", queue="process_completed") == 1


def test_worker_heartbeats_say_alive_then_stale_once_a_worker_stops(
    metered: RunningPlatform,
) -> None:
    # The platform gives each worker a heartbeat folder of its own, as a pod has.
    analyzer = metered.processes.heartbeat_dir("analyzer-1")
    registrar = metered.processes.heartbeat_dir("registrar-1")
    assert {path.name for path in analyzer.iterdir()} == {"process_pending"}
    assert {path.name for path in registrar.iterdir()} == {"process_completed", "dead_letter_watch"}
    for folder in (analyzer, registrar):
        assert probe(folder, "--max-age", "10", "--consuming").returncode == 0

    metered.processes.stop_process("analyzer-1")
    time.sleep(3)
    stale = probe(analyzer, "--max-age", "2")
    assert stale.returncode == 1
    assert "process_pending" in stale.stderr
