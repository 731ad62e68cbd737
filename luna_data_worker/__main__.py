"""``luna-registrar``: run one registrar worker until SIGTERM."""

from __future__ import annotations

import logging

from luna_common import analysis_record, log_config
from luna_common.settings import RegistrarSettings
from luna_data_worker.registrar import make_handler
from luna_rabbit import topology
from luna_rabbit.broker import StopFlag, consume_batches

log = logging.getLogger("luna_data_worker")


def main() -> None:
    settings = RegistrarSettings()
    log_config.configure(
        service="registrar", log_format=settings.log_format, level=settings.log_level
    )
    stop = StopFlag().install()
    db = analysis_record.connect(settings.mongo_url, settings.mongo_db)
    consume_batches(
        url=settings.rabbitmq_url,
        queue=topology.COMPLETED_QUEUE,
        handler=make_handler(db, stop),
        batch_size=settings.prefetch,
        batch_wait_ms=0,
        delivery_limit=settings.delivery_limit,
        prefetch=settings.prefetch,
        stop=stop,
        on_ready=lambda: log.info("registrar ready"),
    )


if __name__ == "__main__":
    main()
