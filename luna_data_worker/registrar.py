"""Writing analysis results into their records, one delivery at a time, never losing one."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from pymongo.database import Database
from pymongo.errors import PyMongoError

from luna_common import analysis_record
from luna_common.messages import AnalysisResult
from luna_rabbit.broker import Acks, Delivery, StopFlag

log = logging.getLogger(__name__)


def record(db: Database, body: bytes) -> bool:
    """Parse a result message and write it into its record; True if the record changed.

    Raises ``ValidationError`` for a malformed message and ``PyMongoError`` when the
    database cannot be written.
    """
    result = AnalysisResult.from_body(body)
    changed = analysis_record.record_result(db, result)
    log.info(
        "result %s",
        "recorded" if changed else "already recorded or no pending record",
        extra={"analysis_id": result.analysis_id, "status": result.status},
    )
    return changed


def make_handler(
    db: Database,
    stop: StopFlag,
    *,
    retry_wait_s: Callable[[int], float] = lambda n: min(0.5 * 2**n, 10),
) -> Callable[[Sequence[Delivery], Acks], None]:
    """The batch handler: ack after the write is committed; malformed messages are dead-lettered.

    While MongoDB is unreachable the handler keeps retrying the same write instead of
    requeueing, so an outage does not use up the message's delivery attempts.
    """

    def handle(batch: Sequence[Delivery], acks: Acks) -> None:
        for delivery in batch:
            attempt = 0
            while True:
                try:
                    record(db, delivery.body)
                    acks.ack(delivery)
                    break
                except ValidationError as exc:
                    log.error("malformed result message dead-lettered: %s", exc.error_count())
                    acks.dead_letter(delivery)
                    break
                except PyMongoError as exc:
                    if stop.is_set():
                        return  # unacked deliveries go back to the queue when the channel closes
                    wait = retry_wait_s(attempt)
                    log.warning(
                        "MongoDB unavailable, retrying in %.1fs: %s", wait, type(exc).__name__
                    )
                    stop.wait(wait)
                    attempt += 1

    return handle
