"""The broker side of the analyzer: parse a batch, analyse it, publish each result, then ack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from luna_analyzer_worker.analysis import analyse
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.scorer import Scorer
from luna_common.messages import AnalysisRequest
from luna_rabbit import topology
from luna_rabbit.broker import Acks, Delivery

log = logging.getLogger(__name__)


def make_handler(
    scorer: Scorer, decoder: ImageDecoder | None = None
) -> Callable[[Sequence[Delivery], Acks], None]:
    """Each result is confirmed by the broker before its request is acked.

    A malformed envelope or an undecodable image goes to the dead-letter queue (the image's
    record is marked failed first); an unexpected error gives the batch back to the queue,
    where the delivery limit bounds the attempts.
    """
    decoder = decoder or ImageDecoder(scorer.input_size)

    def handle(batch: Sequence[Delivery], acks: Acks) -> None:
        parsed: list[tuple[Delivery, AnalysisRequest]] = []
        for delivery in batch:
            try:
                parsed.append((delivery, AnalysisRequest.from_body(delivery.body)))
            except ValidationError as exc:
                log.error("malformed request dead-lettered (%d errors)", exc.error_count())
                acks.dead_letter(delivery)
        if not parsed:
            return
        try:
            results = analyse([request for _, request in parsed], scorer, decoder)
        except Exception:
            log.exception("analysis failed for a batch of %d; requeueing", len(parsed))
            for delivery, _ in parsed:
                acks.retry(delivery)
            return
        for (delivery, request), result in zip(parsed, results, strict=True):
            acks.publish(topology.RESULT_EXCHANGE, result.to_body(), message_id=request.analysis_id)
            if result.status == "completed":
                acks.ack(delivery)
            else:
                acks.dead_letter(delivery)
            log.info(
                "analysis %s",
                result.status,
                extra={"analysis_id": request.analysis_id, "result": result.result},
            )

    return handle
