"""Publishing with confirms and consuming with manual acks, on pika.

A worker is a loop around one function that takes a batch of deliveries and acks or nacks
each one after its work is committed. Connections are re-opened by themselves when the broker
goes away; unacknowledged deliveries go back to the queue, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel

from luna_rabbit import topology

log = logging.getLogger(__name__)

PERSISTENT = pika.DeliveryMode.Persistent
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    pika.exceptions.AMQPConnectionError,
    pika.exceptions.AMQPChannelError,
    pika.exceptions.StreamLostError,
    ConnectionError,
    OSError,
)


class BrokerUnavailable(Exception):
    """The broker could not be reached or did not confirm a publish."""


def connect(
    url: str, *, timeout_s: float = 5.0, heartbeat: int | None = 30
) -> pika.BlockingConnection:
    params = pika.URLParameters(url)
    params.connection_attempts = 1
    params.socket_timeout = timeout_s
    params.blocked_connection_timeout = timeout_s * 6
    params.client_properties = {"connection_name": "luna"}
    if heartbeat is not None:
        params.heartbeat = heartbeat
    return pika.BlockingConnection(params)


def open_channel(connection: pika.BlockingConnection, delivery_limit: int) -> BlockingChannel:
    """A channel with publisher confirms on and LUNA's topology declared."""
    channel = connection.channel()
    channel.confirm_delivery()
    topology.declare(channel, delivery_limit)
    return channel


def publish(channel: BlockingChannel, exchange: str, body: bytes, *, message_id: str) -> None:
    """Publish one persistent JSON message and wait for the broker's confirm."""
    channel.basic_publish(
        exchange=exchange,
        routing_key="",
        body=body,
        properties=pika.BasicProperties(
            delivery_mode=PERSISTENT, content_type="application/json", message_id=message_id
        ),
        mandatory=True,
    )


class Publisher:
    """A thread-safe publisher for the API: one connection, re-opened when it breaks."""

    def __init__(self, url: str, delivery_limit: int, *, timeout_s: float = 3.0) -> None:
        self._url = url
        self._delivery_limit = delivery_limit
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def _ensure_channel(self) -> BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self.close()
            # No heartbeats: an idle publisher is not serviced between requests; a broken
            # connection is found at the next publish, which reconnects once and retries.
            self._connection = connect(self._url, timeout_s=self._timeout_s, heartbeat=0)
            self._channel = open_channel(self._connection, self._delivery_limit)
        return self._channel

    def publish(self, exchange: str, body: bytes, *, message_id: str) -> None:
        """Publish with a confirm; raises BrokerUnavailable when that cannot be done."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    publish(self._ensure_channel(), exchange, body, message_id=message_id)
                    return
                except (
                    *CONNECTION_ERRORS,
                    pika.exceptions.UnroutableError,
                    pika.exceptions.NackError,
                ) as exc:
                    self.close()
                    if attempt == 2:
                        raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc

    def check(self) -> None:
        """Raise BrokerUnavailable unless a channel to the broker is open."""
        with self._lock:
            try:
                self._ensure_channel()
            except CONNECTION_ERRORS as exc:
                self.close()
                raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc

    def shutdown(self) -> None:
        """Close the connection once no publish is using it."""
        with self._lock:
            self.close()

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(*CONNECTION_ERRORS):
                connection.close()


class PublisherPool:
    """A few Publishers shared by the API's request threads, so that one publish waiting for
    its confirm does not hold up the others."""

    def __init__(self, url: str, delivery_limit: int, *, size: int = 4) -> None:
        self._idle: queue.SimpleQueue[Publisher] = queue.SimpleQueue()
        self._all = [Publisher(url, delivery_limit) for _ in range(size)]
        for publisher in self._all:
            self._idle.put(publisher)

    @contextlib.contextmanager
    def _borrow(self) -> Iterator[Publisher]:
        publisher = self._idle.get()
        try:
            yield publisher
        finally:
            self._idle.put(publisher)

    def publish(self, exchange: str, body: bytes, *, message_id: str) -> None:
        """Publish with a confirm; raises BrokerUnavailable when that cannot be done."""
        with self._borrow() as publisher:
            publisher.publish(exchange, body, message_id=message_id)

    def check(self) -> None:
        """Raise BrokerUnavailable unless a channel to the broker can be opened."""
        with self._borrow() as publisher:
            publisher.check()

    def close(self) -> None:
        for publisher in self._all:
            publisher.shutdown()


@dataclass(frozen=True)
class Delivery:
    """One message taken from a queue, to be acked or nacked by the batch handler."""

    delivery_tag: int
    body: bytes
    redelivered: bool
    headers: dict[str, Any]


class Acks:
    """What a batch handler calls once each delivery's work is committed."""

    def __init__(self, channel: BlockingChannel) -> None:
        self._channel = channel

    def ack(self, delivery: Delivery) -> None:
        self._channel.basic_ack(delivery.delivery_tag)

    def dead_letter(self, delivery: Delivery) -> None:
        """Send a delivery that can never be processed to the dead-letter queue."""
        self._channel.basic_nack(delivery.delivery_tag, requeue=False)

    def retry(self, delivery: Delivery) -> None:
        """Give a delivery back to the queue; the quorum queue counts the attempt."""
        self._channel.basic_nack(delivery.delivery_tag, requeue=True)

    def publish(self, exchange: str, body: bytes, *, message_id: str) -> None:
        publish(self._channel, exchange, body, message_id=message_id)


BatchHandler = Callable[[Sequence[Delivery], Acks], None]


class StopFlag:
    """Set by SIGTERM/SIGINT: the worker finishes its batch, then closes (unacked work requeues)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def install(self) -> StopFlag:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._event.set())
        return self

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


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
) -> None:
    """Run ``handler`` on batches of up to ``batch_size`` deliveries until ``stop`` is set.

    A batch is what arrived within ``batch_wait_ms`` of its first message. The prefetch limit
    (default: two batches) keeps a worker from hoarding messages its peers could take.
    Reconnects with back-off while the broker is away.
    """
    backoff = 0.5
    while not stop.is_set():
        try:
            connection = connect(url)
        except CONNECTION_ERRORS as exc:
            log.warning("broker unreachable, retrying in %.1fs: %s", backoff, exc)
            stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)
            continue
        try:
            channel = open_channel(connection, delivery_limit)
            channel.basic_qos(prefetch_count=prefetch or 2 * batch_size)
            backoff = 0.5
            if on_ready is not None:
                on_ready()
            log.info("consuming %s (batch %d, wait %d ms)", queue, batch_size, batch_wait_ms)
            _consume_loop(channel, queue, handler, batch_size, batch_wait_ms, stop)
        except CONNECTION_ERRORS as exc:
            log.warning("lost the broker, reconnecting: %s", exc)
            stop.wait(backoff)
        finally:
            if connection.is_open:
                with contextlib.suppress(*CONNECTION_ERRORS):
                    connection.close()
    log.info("stopped consuming %s", queue)


def _consume_loop(
    channel: BlockingChannel,
    queue: str,
    handler: BatchHandler,
    batch_size: int,
    batch_wait_ms: int,
    stop: StopFlag,
) -> None:
    acks = Acks(channel)
    buffer: deque[Delivery] = deque()

    def on_message(_ch: Any, method: Any, properties: Any, body: bytes) -> None:
        buffer.append(
            Delivery(method.delivery_tag, body, method.redelivered, properties.headers or {})
        )

    consumer_tag = channel.basic_consume(queue, on_message_callback=on_message)
    connection = channel.connection
    try:
        while not stop.is_set():
            if not buffer:
                connection.process_data_events(time_limit=0.2)
                continue
            # The first message opens a batch; wait at most batch_wait_ms for it to fill.
            deadline = time.monotonic() + batch_wait_ms / 1000
            while len(buffer) < batch_size and (remaining := deadline - time.monotonic()) > 0:
                connection.process_data_events(time_limit=remaining)
            batch = [buffer.popleft() for _ in range(min(batch_size, len(buffer)))]
            handler(batch, acks)
    finally:
        if channel.is_open:
            channel.basic_cancel(consumer_tag)
            # Prefetched deliveries not handled yet go back to the queue for other workers.
            for delivery in buffer:
                channel.basic_nack(delivery.delivery_tag, requeue=True)
