"""``luna-registrar``: run one registrar worker until SIGTERM.

It consumes ``process_completed`` (results into records) and, in a second thread with a
connection of its own, ``dead_letter_watch`` (requests the broker gave up on).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from luna_common import analysis_record, log_config
from luna_common.metrics import serve_metrics
from luna_data_worker.registrar import make_handler, record_dead_letter
from luna_data_worker.settings import RegistrarSettings
from luna_rabbit import topology
from luna_rabbit.consuming import BatchHandler, consume_batches
from luna_rabbit.worker_lifecycle import Heartbeat, StopFlag

log = logging.getLogger("luna_data_worker")

# Dead-lettered requests carry their image (up to ~14 MB): take a few at a time.
_WATCH_PREFETCH = 4


def main() -> None:
    settings = RegistrarSettings.from_environment()
    log_config.configure(
        service="registrar", log_format=settings.log_format, level=settings.log_level
    )
    stop = StopFlag().install()
    db = analysis_record.connect(settings.mongo_url, settings.mongo_db)
    serve_metrics(settings.registrar_metrics_port)

    def consume(
        queue: str, handler: BatchHandler, prefetch: int, ready: Callable[[], None]
    ) -> None:
        consume_batches(
            url=settings.rabbitmq_url,
            queue=queue,
            handler=handler,
            batch_size=prefetch,
            batch_wait_ms=0,
            delivery_limit=settings.delivery_limit,
            prefetch=prefetch,
            stop=stop,
            on_ready=ready,
            heartbeat=Heartbeat(settings.heartbeat_dir, queue),
        )

    def watch_dead_letters() -> None:
        try:
            consume(
                topology.DEAD_LETTER_WATCH_QUEUE,
                make_handler(db, stop, write=record_dead_letter),
                _WATCH_PREFETCH,
                lambda: log.info("registrar watching dead-lettered requests"),
            )
        except Exception:
            log.exception("the dead-letter watch failed; the registrar stops to be restarted")
            stop.set()

    watch = threading.Thread(target=watch_dead_letters, name="dead-letter-watch")
    watch.start()
    try:
        consume(
            topology.COMPLETED_QUEUE,
            make_handler(db, stop),
            settings.prefetch,
            lambda: log.info("registrar ready"),
        )
    finally:
        stop.set()
        watch.join()


if __name__ == "__main__":
    main()
