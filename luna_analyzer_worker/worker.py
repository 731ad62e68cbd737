"""The broker side of the analyzer: parse a batch, analyse it, publish each result, then ack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pydantic import ValidationError

from luna_analyzer_worker.analysis import BatchDecoder, analyse
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.metrics import count_outcome
from luna_analyzer_worker.scorer import Scorer
from luna_common.messages import AnalysisRequest, AnalysisResult, failed
from luna_rabbit import topology
from luna_rabbit.consuming import Acks, Delivery

log = logging.getLogger(__name__)


def make_handler(
    scorer: Scorer,
    decoder: BatchDecoder | None = None,
    *,
    delivery_limit: int = 5,
    heatmaps: bool = True,
) -> Callable[[Sequence[Delivery], Acks], None]:
    """Each result is confirmed by the broker before its request is acked.

    A malformed envelope or an undecodable image goes to the dead-letter queue (the image's
    record is marked failed first); an unexpected error gives the batch back to the queue,
    where the delivery limit bounds the attempts. A redelivered request is analysed alone, so
    one that crashes its worker cannot use up the attempts of its batch-mates; on its last
    allowed delivery it is not analysed again but failed with a reason and dead-lettered.
    """
    decoder = decoder or ImageDecoder(scorer.input_size)

    def run(
        acks: Acks, group: list[tuple[Delivery, AnalysisRequest]]
    ) -> list[tuple[Delivery, AnalysisResult]]:
        try:
            results = analyse([request for _, request in group], scorer, decoder, heatmaps=heatmaps)
        except Exception:
            log.exception("analysis failed for a batch of %d; requeueing", len(group))
            for delivery, _ in group:
                acks.retry(delivery)
            return []
        return [(delivery, result) for (delivery, _), result in zip(group, results, strict=True)]

    def handle(batch: Sequence[Delivery], acks: Acks) -> None:
        fresh: list[tuple[Delivery, AnalysisRequest]] = []
        outcomes: list[tuple[Delivery, AnalysisResult]] = []
        for delivery in batch:
            try:
                request = AnalysisRequest.from_body(delivery.body)
            except ValidationError as exc:
                log.error("malformed request dead-lettered (%d errors)", exc.error_count())
                acks.dead_letter(delivery)
                continue
            attempts = int(delivery.headers.get("x-delivery-count", 0))
            if attempts >= delivery_limit:
                reason = f"the analysis was abandoned after {attempts} failed attempts"
                now = datetime.now(UTC)
                outcomes.append(
                    (delivery, failed(request, reason=reason, model=scorer.info, analysis_date=now))
                )
            elif attempts or delivery.redelivered:
                outcomes += run(acks, [(delivery, request)])
            else:
                fresh.append((delivery, request))
        if fresh:
            outcomes += run(acks, fresh)
        settle_all(acks, outcomes)

    return handle


def settle_all(acks: Acks, outcomes: Sequence[tuple[Delivery, AnalysisResult]]) -> None:
    """Publish every result with the broker's confirm (all in flight at once); once all are
    confirmed, ack each completed request and dead-letter each failed one.

    The confirms are waited for while the next batch is analysed (``Acks.publish_then_settle``),
    or at once when no batch is waiting. Nothing is settled unless every result of the batch
    was confirmed: an error leaves the batch to the queue's redelivery.
    """
    acks.publish_then_settle(
        topology.RESULT_EXCHANGE,
        [(result.to_body(), result.analysis_id) for _, result in outcomes],
        settle=lambda: _settle(acks, outcomes),
    )


def _settle(acks: Acks, outcomes: Sequence[tuple[Delivery, AnalysisResult]]) -> None:
    for delivery, result in outcomes:
        if result.status == "completed":
            acks.ack(delivery)
        else:
            acks.dead_letter(delivery)
        count_outcome(result.status)
        log.info(
            "analysis %s",
            result.status,
            extra={"analysis_id": result.analysis_id, "result": result.result},
        )
