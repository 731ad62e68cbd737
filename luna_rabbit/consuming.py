"""Consuming with manual acks: batches of deliveries handed to one function that settles each.

A worker is a loop around one function that takes a batch of deliveries and acks or nacks
each one after its work is committed. Connections are re-opened by themselves when the broker
goes away; unacknowledged deliveries go back to the queue, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pika.adapters.blocking_connection import BlockingChannel
from prometheus_client import Counter, Histogram

from luna_common.metrics import BATCH_SIZE_BUCKETS
from luna_rabbit.connection import CONNECTION_ERRORS, connect, open_channel
from luna_rabbit.publishing import ConfirmedBatch, publish
from luna_rabbit.worker_lifecycle import Heartbeat, StopFlag

log = logging.getLogger(__name__)

BATCH_SIZE = Histogram(
    "luna_batch_size",
    "Deliveries handed to the worker's handler at once, by queue",
    ["queue"],
    buckets=BATCH_SIZE_BUCKETS,
)
SETTLED = Counter(
    "luna_deliveries_settled",
    "Deliveries settled by a worker, by queue and outcome (ack, dead_letter, retry)",
    ["queue", "outcome"],
)


@dataclass(frozen=True)
class Delivery:
    """One message taken from a queue, to be acked or nacked by the batch handler."""

    delivery_tag: int
    body: bytes
    redelivered: bool
    headers: dict[str, Any]


class Acks:
    """What a batch handler calls once each delivery's work is committed, and ``alive()``
    while it waits for something slow (so the liveness probe does not restart it)."""

    def __init__(
        self, channel: BlockingChannel, queue: str = "", heartbeat: Heartbeat | None = None
    ) -> None:
        self._channel = channel
        self._queue = queue
        self._heartbeat = heartbeat or Heartbeat(None, queue)
        self._batch: ConfirmedBatch | None = None
        self._pending_settle: Callable[[], None] | None = None

    def ack(self, delivery: Delivery) -> None:
        self._channel.basic_ack(delivery.delivery_tag)
        SETTLED.labels(self._queue, "ack").inc()

    def dead_letter(self, delivery: Delivery) -> None:
        """Send a delivery that can never be processed to the dead-letter queue."""
        self._channel.basic_nack(delivery.delivery_tag, requeue=False)
        SETTLED.labels(self._queue, "dead_letter").inc()

    def retry(self, delivery: Delivery) -> None:
        """Give a delivery back to the queue; the quorum queue counts the attempt."""
        self._channel.basic_nack(delivery.delivery_tag, requeue=True)
        SETTLED.labels(self._queue, "retry").inc()

    def alive(self) -> None:
        """The handler is still working (waiting for a database, say): beat the heartbeat."""
        self._heartbeat.beat()

    def publish(self, exchange: str, body: bytes, *, message_id: str) -> None:
        publish(self._channel, exchange, body, message_id=message_id)

    def publish_all(self, exchange: str, messages: Sequence[tuple[bytes, str]]) -> None:
        """Publish ``(body, message_id)`` pairs, all in flight at once; return once every one
        is confirmed (raises otherwise, and then nothing of the batch may be settled)."""
        self.finish()
        if messages:
            self._confirmed_batch().publish(exchange, messages)

    def publish_then_settle(
        self, exchange: str, messages: Sequence[tuple[bytes, str]], settle: Callable[[], None]
    ) -> None:
        """Publish like :meth:`publish_all` without waiting: ``settle`` (the acks) runs once
        every message is confirmed, at the next :meth:`finish`. Meanwhile the handler works on
        the next batch, so the confirms' round trip and log write no longer stall it.

        The consume loop calls :meth:`finish` before the next batch's results are published,
        when no batch is waiting, and before it stops; if the confirms fail there, ``settle``
        never runs and the deliveries return to the queue, as with :meth:`publish_all`.
        """
        self.finish()
        if not messages:
            settle()
            return
        self._confirmed_batch().send(exchange, messages)
        self._pending_settle = settle

    def finish(self) -> None:
        """Wait for the confirms of the results in flight, then settle their deliveries."""
        settle, self._pending_settle = self._pending_settle, None
        if settle is None:
            return
        self._confirmed_batch().wait_confirmed()
        settle()

    def _confirmed_batch(self) -> ConfirmedBatch:
        if self._batch is None:  # a channel of its own, on the consumer's connection
            self._batch = ConfirmedBatch(self._channel.connection)
        return self._batch


BatchHandler = Callable[[Sequence[Delivery], Acks], None]


def consume_batches(
    *,
    url: str,
    queue: str,
    handler: BatchHandler,
    batch_size: int,
    batch_wait_ms: int,
    delivery_limit: int,
    stop: StopFlag,
    prefetch: int | None = None,
    on_ready: Callable[[], None] | None = None,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run ``handler`` on batches of up to ``batch_size`` deliveries until ``stop`` is set.

    A batch is what arrived within ``batch_wait_ms`` of its first message. The prefetch limit
    (default: three batches: one waiting for its results' confirms, one in the handler, the
    next arriving) keeps a worker from hoarding messages its peers could take.
    Reconnects with back-off while the broker is away. ``heartbeat`` beats while the loop
    turns: ``consuming`` with a consumer registered, ``connecting`` while the broker is away.
    """
    heartbeat = heartbeat or Heartbeat(None, queue)
    backoff = 0.5
    while not stop.is_set():
        heartbeat.beat("connecting")
        try:
            connection = connect(url)
        except CONNECTION_ERRORS as exc:
            log.warning("broker unreachable, retrying in %.1fs: %s", backoff, exc)
            stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)
            continue
        try:
            channel = open_channel(connection, delivery_limit)
            channel.basic_qos(prefetch_count=prefetch or 3 * batch_size)
            backoff = 0.5
            if on_ready is not None:
                on_ready()
            log.info("consuming %s (batch %d, wait %d ms)", queue, batch_size, batch_wait_ms)
            acks = Acks(channel, queue, heartbeat)
            _consume_loop(acks, channel, queue, handler, batch_size, batch_wait_ms, stop)
        except CONNECTION_ERRORS as exc:
            log.warning("lost the broker, reconnecting: %s", exc)
            stop.wait(backoff)
        finally:
            if connection.is_open:
                with contextlib.suppress(*CONNECTION_ERRORS):
                    connection.close()
    log.info("stopped consuming %s", queue)


def _consume_loop(
    acks: Acks,
    channel: BlockingChannel,
    queue: str,
    handler: BatchHandler,
    batch_size: int,
    batch_wait_ms: int,
    stop: StopFlag,
) -> None:
    buffer: deque[Delivery] = deque()

    def on_message(_ch: Any, method: Any, properties: Any, body: bytes) -> None:
        buffer.append(
            Delivery(method.delivery_tag, body, method.redelivered, properties.headers or {})
        )

    consumer_tag = channel.basic_consume(queue, on_message_callback=on_message)
    connection = channel.connection
    try:
        while not stop.is_set():
            acks.alive()
            if not buffer:
                acks.finish()  # nothing to overlap with: settle what is in flight now
                connection.process_data_events(time_limit=0.2)
                continue
            # The first message opens a batch; wait at most batch_wait_ms for it to fill.
            deadline = time.monotonic() + batch_wait_ms / 1000
            while len(buffer) < batch_size and (remaining := deadline - time.monotonic()) > 0:
                connection.process_data_events(time_limit=remaining)
            batch = [buffer.popleft() for _ in range(min(batch_size, len(buffer)))]
            BATCH_SIZE.labels(queue).observe(len(batch))
            handler(batch, acks)
        acks.finish()
    finally:
        if channel.is_open:
            channel.basic_cancel(consumer_tag)
            # Prefetched deliveries not handled yet go back to the queue for other workers.
            for delivery in buffer:
                channel.basic_nack(delivery.delivery_tag, requeue=True)
