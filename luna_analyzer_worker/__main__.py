"""``luna-analyzer``: run one analyzer worker until SIGTERM."""

from __future__ import annotations

import logging

from luna_analyzer_worker.metrics import TimedScorer
from luna_analyzer_worker.scorer import batching
from luna_analyzer_worker.serving import ModelUnavailable, decoder_for, scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_analyzer_worker.worker import make_handler
from luna_common import log_config
from luna_common.metrics import serve_metrics
from luna_rabbit import topology
from luna_rabbit.consuming import consume_batches
from luna_rabbit.worker_lifecycle import Heartbeat, StopFlag

log = logging.getLogger("luna_analyzer_worker")


def main() -> None:
    settings = AnalyzerSettings.from_environment()
    log_config.configure(
        service="analyzer", log_format=settings.log_format, level=settings.log_level
    )
    stop = StopFlag().install()
    try:
        scorer, device = scorer_for(settings)
    except ModelUnavailable as exc:
        log.error("%s; the analyzer stops", exc)
        raise SystemExit(1) from None
    batch_size, batch_wait_ms = batching(device, settings.batch_size, settings.batch_wait_ms)
    decoder = decoder_for(settings, scorer.input_size, device)
    serve_metrics(settings.analyzer_metrics_port)
    consume_batches(
        url=settings.rabbitmq_url,
        queue=topology.PENDING_QUEUE,
        handler=make_handler(
            TimedScorer(scorer),
            decoder,
            delivery_limit=settings.delivery_limit,
            heatmaps=settings.heatmap,
        ),
        batch_size=batch_size,
        batch_wait_ms=batch_wait_ms,
        delivery_limit=settings.delivery_limit,
        stop=stop,
        heartbeat=Heartbeat(settings.heartbeat_dir, topology.PENDING_QUEUE),
        on_ready=lambda: log.info(
            "analyzer ready on %s with %s", scorer.info.name, type(scorer).__name__
        ),
    )
    decoder.close()


if __name__ == "__main__":
    main()
