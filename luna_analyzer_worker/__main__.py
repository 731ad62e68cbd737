"""``luna-analyzer``: run one analyzer worker until SIGTERM."""

from __future__ import annotations

import logging

import torch

from luna_analyzer_worker.scorer import load_scorer
from luna_analyzer_worker.worker import make_handler
from luna_common import log_config
from luna_common.settings import AnalyzerSettings
from luna_rabbit import topology
from luna_rabbit.broker import StopFlag, consume_batches

log = logging.getLogger("luna_analyzer_worker")


def main() -> None:
    settings = AnalyzerSettings()
    log_config.configure(service="analyzer", log_format=settings.log_format, level=settings.log_level)
    if settings.torch_threads:
        torch.set_num_threads(settings.torch_threads)
    stop = StopFlag().install()
    scorer = load_scorer(settings.model_checkpoint, settings.device)
    consume_batches(
        url=settings.rabbitmq_url,
        queue=topology.PENDING_QUEUE,
        handler=make_handler(scorer),
        batch_size=settings.batch_size,
        batch_wait_ms=settings.batch_wait_ms,
        delivery_limit=settings.delivery_limit,
        stop=stop,
        on_ready=lambda: log.info("analyzer ready on %s", scorer.info.name),
    )


if __name__ == "__main__":
    main()
