"""Publishing persistent messages with publisher confirms: one call, a re-opening publisher, a pool.

Nothing counts as published until the broker confirms it; a publisher whose connection broke
re-opens it once and retries, then raises ``BrokerUnavailable`` so the caller can refuse the work.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel
from prometheus_client import Histogram

from luna_rabbit.connection import CONNECTION_ERRORS, BrokerUnavailable, connect, open_channel

PERSISTENT = pika.DeliveryMode.Persistent

PUBLISH_CONFIRM_SECONDS = Histogram(
    "luna_publish_confirm_seconds",
    "Time from publishing a message to the broker's confirm, by exchange",
    ["exchange"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def publish(channel: BlockingChannel, exchange: str, body: bytes, *, message_id: str) -> None:
    """Publish one persistent JSON message and wait for the broker's confirm."""
    started = time.perf_counter()
    channel.basic_publish(
        exchange=exchange,
        routing_key="",
        body=body,
        properties=pika.BasicProperties(
            delivery_mode=PERSISTENT, content_type="application/json", message_id=message_id
        ),
        mandatory=True,
    )
    # Only confirmed publishes are timed: a refused one raises above.
    PUBLISH_CONFIRM_SECONDS.labels(exchange).observe(time.perf_counter() - started)


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
