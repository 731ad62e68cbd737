"""(6) The broker alone: null analyzers drain ``process_pending`` through the real quorum queues.

A null analyzer does what an analyzer does with the broker and nothing else: it consumes a
batch of requests with LUNA's own loop (``luna_rabbit.consuming``), parses each request,
publishes a result of the real size (a rendered heatmap and the model card included) to
``process_completed`` with the broker's confirm, and acks. No decoding, no model. Its rate is
the most any analyzer, however fast its GPU, could get from one broker node.
"""

from __future__ import annotations

import multiprocessing
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.synchronize import Event
from typing import Any, Literal

import numpy as np
import pika

from luna_analyzer_worker.scorer import model_info, published_card
from luna_analyzer_worker.worker import settle_all
from luna_common.messages import (
    MAX_HEATMAP_BYTES,
    AnalysisRequest,
    AnalysisResult,
    ModelInfo,
    completed,
)
from luna_common.model_cards import PublishedModelCard
from luna_model.heatmap import render_heatmap
from luna_model.images import load_rgb, square_view
from luna_rabbit import topology
from luna_rabbit.connection import connect, open_channel
from luna_rabbit.consuming import Acks, Delivery, consume_batches
from luna_rabbit.publishing import ConfirmedBatch
from luna_rabbit.worker_lifecycle import StopFlag
from luna_testing.services import rabbitmq_vhost

Confirm = Literal["each", "batch", "overlap"]
DELIVERY_LIMIT = 5


@dataclass(frozen=True)
class BrokerDrainConfig:
    """One drain: what the requests carry, how many null analyzers, how results are confirmed.

    ``confirm="each"`` waits for every result's confirm before the next publish (the
    analyzer before this benchmark existed); ``"batch"`` has a batch's results in flight at
    once and waits for them before the next batch; ``"overlap"`` waits for them while the next
    batch is handled (:func:`luna_analyzer_worker.worker.settle_all`, what the analyzer does).
    """

    name: str
    image: bytes
    consumers: int = 1
    batch_size: int = 64
    confirm: Confirm = "overlap"
    # Milliseconds each batch "computes" (a sleep: the CPU stays free, as while a GPU scores).
    work_ms: float = 0.0

    @property
    def label(self) -> str:
        return (
            f"{self.name}, {self.consumers} null analyzer(s), batch {self.batch_size},"
            f" confirm {self.confirm}"
            + (f", {self.work_ms:g} ms of work a batch" if self.work_ms else "")
        )


@dataclass(frozen=True)
class ResultParts:
    """What every null result carries: a real heatmap, the model and its card."""

    heatmap: bytes
    model: ModelInfo
    card: PublishedModelCard


def result_parts(photo: bytes) -> ResultParts:
    """A heatmap rendered over ``photo``'s model view (a smooth blob as the map), and the
    unvalidated model's card: the size of what a real analyzer publishes."""
    from luna_model.checkpoint import unvalidated_model  # PyTorch: only in the parent

    _, card = unvalidated_model()
    view = np.asarray(square_view(load_rgb(photo, card.input_size), card.input_size))
    yy, xx = np.mgrid[0:8, 0:8]
    cam = np.exp(-((yy - 3.5) ** 2 + (xx - 4.2) ** 2) / 6.0).astype(np.float32)
    heatmap = render_heatmap(view, cam, max_bytes=MAX_HEATMAP_BYTES)
    return ResultParts(heatmap=heatmap, model=model_info(card), card=published_card(card))


def request_body(image: bytes) -> bytes:
    request = AnalysisRequest(
        analysis_id=secrets.token_hex(12),
        user_id="bench",
        image=image,
        creation_date=datetime.now(UTC),
    )
    return request.to_body()


def preload(amqp_url: str, image: bytes, messages: int, *, chunk: int = 100) -> int:
    """Publish ``messages`` requests into the vhost's pending queue; the bytes of one body."""
    connection = connect(amqp_url)
    try:
        open_channel(connection, DELIVERY_LIMIT)  # declares the topology
        batch = ConfirmedBatch(connection)
        body = request_body(image)
        for start in range(0, messages, chunk):
            count = min(chunk, messages - start)
            batch.publish(
                topology.REQUEST_EXCHANGE,
                [(request_body(image), secrets.token_hex(8)) for _ in range(count)],
            )
    finally:
        connection.close()
    return len(body)


def null_handler(  # type: ignore[no-untyped-def]
    parts: ResultParts, confirm: Confirm, work_ms: float = 0.0
):
    """Parse, publish a full-size result, ack: an analyzer whose model costs nothing, or
    ``work_ms`` a batch spent waiting (as for a GPU) without using the CPU."""

    def handle(batch: Sequence[Delivery], acks: Acks) -> None:
        if work_ms:
            time.sleep(work_ms / 1000)
        now = datetime.now(UTC)
        outcomes: list[tuple[Delivery, AnalysisResult]] = []
        for delivery in batch:
            request = AnalysisRequest.from_body(delivery.body)
            result = completed(
                request,
                probability=0.5,
                model=parts.model,
                analysis_date=now,
                heatmap=parts.heatmap,
                model_card=parts.card,
            )
            outcomes.append((delivery, result))
        if confirm == "overlap":
            settle_all(acks, outcomes)  # as the analyzer: confirms awaited during the next batch
            return
        if confirm == "batch":
            acks.publish_all(
                topology.RESULT_EXCHANGE, [(r.to_body(), r.analysis_id) for _, r in outcomes]
            )
            for delivery, _ in outcomes:
                acks.ack(delivery)
            return
        for delivery, result in outcomes:
            acks.publish(topology.RESULT_EXCHANGE, result.to_body(), message_id=result.analysis_id)
            acks.ack(delivery)

    return handle


def _serve(url: str, config: BrokerDrainConfig, parts: ResultParts, ready: Event) -> None:
    """One null analyzer process, until SIGTERM."""
    consume_batches(
        url=url,
        queue=topology.PENDING_QUEUE,
        handler=null_handler(parts, config.confirm, config.work_ms),
        batch_size=config.batch_size,
        batch_wait_ms=5,
        delivery_limit=DELIVERY_LIMIT,
        stop=StopFlag().install(),
        on_ready=ready.set,
    )


def _completed_count(channel: Any) -> int:
    return int(channel.queue_declare(topology.COMPLETED_QUEUE, passive=True).method.message_count)


def run(
    config: BrokerDrainConfig, *, messages: int, parts: ResultParts, timeout_s: float = 180
) -> dict[str, Any]:
    """Pre-load ``messages`` requests, start the null analyzers, time the drain to 95%."""
    context = multiprocessing.get_context("spawn")
    with rabbitmq_vhost() as amqp_url:
        request_bytes = preload(amqp_url, config.image, messages)
        readies = [context.Event() for _ in range(config.consumers)]
        children = [
            context.Process(target=_serve, args=(amqp_url, config, parts, ready), daemon=True)
            for ready in readies
        ]
        for child in children:
            child.start()
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        try:
            for ready in readies:
                if not ready.wait(60):
                    raise RuntimeError("a null analyzer did not start consuming")
            channel = connection.channel()
            target = int(messages * 0.95)
            t0, done0 = time.monotonic(), _completed_count(channel)
            done, deadline = done0, t0 + timeout_s
            while done < target and time.monotonic() < deadline:
                time.sleep(0.02)
                done = _completed_count(channel)
            seconds = time.monotonic() - t0
        finally:
            connection.close()
            for child in children:
                child.terminate()
            for child in children:
                child.join(15)
    rate = (done - done0) / seconds if seconds else 0.0
    result_bytes = len(
        completed(
            AnalysisRequest.from_body(request_body(config.image)),
            probability=0.5,
            model=parts.model,
            analysis_date=datetime.now(UTC),
            heatmap=parts.heatmap,
            model_card=parts.card,
        ).to_body()
    )
    return {
        "label": config.label,
        "name": config.name,
        "consumers": config.consumers,
        "batch_size": config.batch_size,
        "confirm": config.confirm,
        "work_ms": config.work_ms,
        "messages": messages,
        "measured_messages": done - done0,
        "seconds": seconds,
        "messages_per_s": rate,
        "request_bytes": request_bytes,
        "result_bytes": result_bytes,
        "request_mb_per_s": rate * request_bytes / 1e6,
        "result_mb_per_s": rate * result_bytes / 1e6,
    }


def measure(
    images: dict[str, bytes], *, seconds: float, consumers: Sequence[int] = (1, 2)
) -> list[dict[str, Any]]:
    """Each image kind, confirmed per message, per batch, and per batch while the next one is
    handled (overlap, as the analyzer does), with 1 and 2 null analyzers.

    The queue holds about ``seconds`` of the expected rate (at least 300 messages, and at
    most 300 MB of requests).
    """
    parts = result_parts(next(iter(images.values())))
    runs: list[dict[str, Any]] = []
    for name, image in images.items():
        per_message = len(request_body(image))
        for confirm in ("each", "batch", "overlap"):
            for count in consumers:
                expected = 300 if confirm == "each" else 2000
                messages = int(min(max(300, expected * seconds), 300e6 // per_message))
                config = BrokerDrainConfig(name, image, consumers=count, confirm=confirm)
                print(f"   {config.label}: {messages} messages", flush=True)
                try:
                    runs.append(run(config, messages=messages, parts=parts))
                except Exception as exc:
                    runs.append({"label": config.label, "error": f"{type(exc).__name__}: {exc}"})
    return runs
