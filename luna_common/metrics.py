"""Serving a process's Prometheus metrics on a port of its own (``/metrics``).

Every LUNA process that has a metrics port serves its counters and histograms there, apart from
the API's own port, so the Ingress never exposes them and a NetworkPolicy can open them to the
monitoring namespace alone. Names start with ``luna_``; the API's HTTP metrics keep the
instrumentator's usual ``http_*`` names, which dashboards expect.
"""

from __future__ import annotations

import logging
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

log = logging.getLogger(__name__)

# Model and batch timings span a GPU's milliseconds to a loaded CPU's seconds.
SECONDS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
BATCH_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def serve_metrics(port: int | None, *, multiprocess_dir: Path | None = None) -> bool:
    """Serve ``/metrics`` on ``port`` (all interfaces) in a daemon thread; True if serving.

    ``multiprocess_dir``: serve what the processes writing there (prometheus-client's
    multiprocess mode) counted together, instead of this process's own registry. A port that
    cannot be bound is logged, not fatal: a worker without metrics still does its work.
    """
    if port is None:
        return False
    registry: CollectorRegistry = REGISTRY
    if multiprocess_dir is not None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(multiprocess_dir))
    try:
        start_http_server(port, addr="0.0.0.0", registry=registry)  # noqa: S104 (a pod's port)
    except OSError as exc:
        log.error("metrics not served: port %d cannot be bound (%s)", port, exc)
        return False
    log.info("metrics on port %d", port)
    return True
