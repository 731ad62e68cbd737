"""(3) End-to-end latency: submit through the API until the API shows the analysis completed."""

from __future__ import annotations

import base64
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "n": len(values),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "mean_ms": statistics.fmean(values),
    }


def one_analysis(
    client: httpx.Client, body: dict[str, str], poll_s: float, timeout_s: float = 120
) -> float:
    """Milliseconds from the submit until GET /api/getAnalysis shows a final status."""
    start = time.perf_counter()
    response = client.post("/api/imageProcess", json=body)
    response.raise_for_status()
    analysis_id = response.json()["id"]
    while time.perf_counter() - start < timeout_s:
        status = client.get(f"/api/getAnalysis/{analysis_id}").json()["status"]
        if status in ("completed", "failed"):
            if status == "failed":
                raise RuntimeError(f"analysis {analysis_id} failed")
            return (time.perf_counter() - start) * 1000
        time.sleep(poll_s)
    raise TimeoutError(f"analysis {analysis_id} not completed in {timeout_s}s")


def light_load(
    api_url: str, token: str, image: bytes, *, rate_per_s: float, seconds: float, poll_s: float
) -> dict[str, Any]:
    """Open loop: one request every 1/rate seconds, each followed to completion."""
    body = {"image": base64.b64encode(image).decode()}
    headers = {"Authorization": f"Bearer {token}"}
    count = max(1, int(seconds * rate_per_s))
    with (
        httpx.Client(base_url=api_url, headers=headers, timeout=30) as client,
        ThreadPoolExecutor(16) as pool,
    ):
        one_analysis(client, body, poll_s)  # warm-up: connections, first batch
        futures = []
        start = time.perf_counter()
        for n in range(count):
            time.sleep(max(0.0, start + n / rate_per_s - time.perf_counter()))
            futures.append(pool.submit(one_analysis, client, body, poll_s))
        latencies = [f.result() for f in futures]
    return {"offered_per_s": rate_per_s, "poll_ms": poll_s * 1000, **percentiles(latencies)}


def saturation(
    api_url: str, token: str, image: bytes, *, clients: int, seconds: float, poll_s: float
) -> dict[str, Any]:
    """Closed loop: ``clients`` users each submit, wait for the result, and submit again."""
    body = {"image": base64.b64encode(image).decode()}
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def user() -> None:
        with httpx.Client(base_url=api_url, headers=headers, timeout=60) as client:
            while time.perf_counter() < stop_at:
                latency = one_analysis(client, body, poll_s)
                with lock:
                    latencies.append(latency)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(user) for _ in range(clients)]:
            future.result()
    elapsed = time.perf_counter() - start
    return {
        "clients": clients,
        "poll_ms": poll_s * 1000,
        "completed_per_s": len(latencies) / elapsed,
        **percentiles(latencies),
    }
