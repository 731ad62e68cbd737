"""Writing analysis results into their records, one delivery at a time, never losing one.

The same handler also serves ``dead_letter_watch``: a request the broker dead-lettered at its
delivery limit (every analyzer that took it died or gave it back) never got a result, so its
record is marked *failed* here instead of staying *pending* for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pydantic import ValidationError
from pymongo.database import Database
from pymongo.errors import PyMongoError

from luna_common import analysis_record, model_cards
from luna_common.messages import AnalysisRequest, AnalysisResult, failed
from luna_data_worker.metrics import RECORD_SECONDS, RECORDED
from luna_rabbit import topology
from luna_rabbit.consuming import Acks, Delivery
from luna_rabbit.worker_lifecycle import StopFlag

log = logging.getLogger(__name__)


def record(db: Database, body: bytes, *, cards_stored: set[str] | None = None) -> bool:
    """Parse a result message and write it into its record; True if the record changed.

    The model card it carries goes to the ``models`` collection first (for the API's model
    endpoint); ``cards_stored`` remembers which cards this process has written, so a card is
    written once per registrar rather than once per result.

    Raises ``ValidationError`` for a malformed message and ``PyMongoError`` when the
    database cannot be written.
    """
    result = AnalysisResult.from_body(body)
    card = result.model_card
    if card is not None:
        key = model_cards.card_id(card.name, card.version)
        if cards_stored is None or key not in cards_stored:
            model_cards.store_card(db, card)
            if cards_stored is not None:
                cards_stored.add(key)
    with RECORD_SECONDS.time():
        changed = analysis_record.record_result(db, result)
    log.info(
        "result %s",
        "recorded" if changed else "already recorded or no pending record",
        extra={"analysis_id": result.analysis_id, "status": result.status},
    )
    RECORDED.labels(result.status, str(changed).lower()).inc()  # after the log line the rig reads
    return changed


def record_dead_letter(db: Database, delivery: Delivery) -> bool:
    """Fail the record of a request the broker gave up on; True if the record changed.

    Only requests dead-lettered by the broker's delivery limit count: those an analyzer
    rejected itself already have a *failed* result on its way, with a better reason.
    """
    headers = delivery.headers
    if (
        headers.get("x-first-death-queue") != topology.PENDING_QUEUE
        or headers.get("x-first-death-reason") != "delivery_limit"
    ):
        return False
    request = AnalysisRequest.from_body(delivery.body)
    result = failed(
        request,
        reason="the analysis could not be completed: every attempt to analyse it was interrupted",
        model=None,
        analysis_date=datetime.now(UTC),
    )
    with RECORD_SECONDS.time():
        changed = analysis_record.record_result(db, result)
    RECORDED.labels(result.status, str(changed).lower()).inc()
    log.warning(
        "request dead-lettered at the delivery limit%s",
        ": record marked failed" if changed else "; its record was no longer pending",
        extra={"analysis_id": request.analysis_id},
    )
    return changed


def make_handler(
    db: Database,
    stop: StopFlag,
    *,
    write: Callable[[Database, Delivery], bool] | None = None,
    retry_wait_s: Callable[[int], float] = lambda n: min(0.5 * 2**n, 10),
) -> Callable[[Sequence[Delivery], Acks], None]:
    """The batch handler: ack after the write is committed; malformed messages are dead-lettered.

    While MongoDB is unreachable the handler keeps retrying the same write instead of
    requeueing, so an outage does not use up the message's delivery attempts.
    """

    cards_stored: set[str] = set()

    def record_result(db: Database, delivery: Delivery) -> bool:
        return record(db, delivery.body, cards_stored=cards_stored)

    writer = write or record_result

    def handle(batch: Sequence[Delivery], acks: Acks) -> None:
        for delivery in batch:
            attempt = 0
            while True:
                try:
                    writer(db, delivery)
                    acks.ack(delivery)
                    break
                except ValidationError as exc:
                    log.error("malformed message dead-lettered: %s", exc.error_count())
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
                    acks.alive()  # waiting for MongoDB is not hanging: no restart
                    attempt += 1

    return handle
