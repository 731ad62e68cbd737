"""The API's Prometheus metrics: requests by route template, method and status, with latency.

``prometheus-fastapi-instrumentator`` labels each request with its route template
(``/api/getAnalysis/{analysis_id}``, never the raw path, so analysis ids do not become label
values); unmatched paths count under ``none``. Status codes stay exact (202, 413, 503 …), since
those are what an operator asks about. The metrics are served on ``LUNA_API_METRICS_PORT`` by
``luna-api`` (see ``luna_api.__main__``), never on the API's own port.
"""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_fastapi_instrumentator import Instrumentator, metrics

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

# Made once per process: every app built in it (tests build several) shares the two metrics.
_REQUESTS = metrics.requests()
_LATENCY = metrics.latency(buckets=LATENCY_BUCKETS, should_include_status=True)


def instrument(app: FastAPI) -> None:
    """Count and time every HTTP request of ``app`` (``http_requests_total`` and
    ``http_request_duration_seconds``, labelled ``handler``, ``method``, ``status``)."""
    Instrumentator(
        should_group_status_codes=False,
        excluded_handlers=["/health"],  # probes every few seconds would drown the rest
    ).add(_REQUESTS, _LATENCY).instrument(app)
