"""Publishing persistent messages with publisher confirms: one call, a re-opening publisher, a pool.

Nothing counts as published until the broker confirms it; a publisher whose connection broke
re-opens it once and retries, then raises ``BrokerUnavailable`` so the caller can refuse the work.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import pika
import pika.exceptions
import pika.frame
import pika.spec
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


class ConfirmedBatch:
    """Publish many persistent messages on one channel and wait once for all their confirms.

    Waiting for each confirm before the next publish costs a broker round trip (and, on a
    quorum queue, a log write) per message: a few hundred messages per second at most
    (BENCHMARKS.md, "the broker"). Here every message of a batch is in flight at once and the
    broker confirms them together, so a worker still settles each delivery only after its
    result is confirmed, at the broker's rate rather than its latency.

    pika's ``BlockingChannel`` waits for each confirm by itself, so this uses the channel's
    underlying pika ``Channel`` (pika 1.x, pinned in pyproject.toml) for the publishes and
    the confirm callback, on a channel of its own.
    """

    def __init__(self, connection: pika.BlockingConnection, *, timeout_s: float = 30.0) -> None:
        self._connection = connection
        self._timeout_s = timeout_s
        self._channel = connection.channel()
        self._impl = self._channel._impl  # pika's Channel under the blocking wrapper
        self._next_tag = 1
        self._unconfirmed: set[int] = set()
        self._nacked: set[int] = set()
        self._returned: list[str] = []
        self._sent_at: tuple[str, float] | None = None  # the batch in flight: exchange, when
        selected: list[bool] = []
        self._impl.add_on_return_callback(self._on_return)
        self._impl.confirm_delivery(
            ack_nack_callback=self._on_confirm, callback=lambda _frame: selected.append(True)
        )
        self._wait(lambda: bool(selected))

    def _on_confirm(self, frame: pika.frame.Method) -> None:
        method = frame.method
        tags = (
            {t for t in self._unconfirmed if t <= method.delivery_tag}
            if method.multiple
            else {method.delivery_tag}
        )
        self._unconfirmed -= tags
        if isinstance(method, pika.spec.Basic.Nack):
            self._nacked |= tags

    def _on_return(
        self, _channel: object, _method: object, properties: pika.BasicProperties, _body: bytes
    ) -> None:
        self._returned.append(str(properties.message_id))

    def _wait(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self._timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise BrokerUnavailable("the broker did not confirm in time")
            # Also dispatches deliveries to the connection's consumers (reading the next batch).
            self._connection.process_data_events(time_limit=0.001)

    def publish(self, exchange: str, messages: Sequence[tuple[bytes, str]]) -> None:
        """Publish ``(body, message_id)`` pairs and return once the broker confirmed them all.

        Raises ``pika.exceptions.UnroutableError`` or ``NackError`` (with nothing to retry:
        the caller settles none of the batch's deliveries, which return to the queue) and
        ``BrokerUnavailable`` when no confirm came within the timeout.
        """
        self.send(exchange, messages)
        self.wait_confirmed()

    def send(self, exchange: str, messages: Sequence[tuple[bytes, str]]) -> None:
        """Put the messages in flight without waiting; :meth:`wait_confirmed` waits for them
        (the caller may work meanwhile: confirms are read whenever the connection is)."""
        if self._sent_at is not None:
            raise RuntimeError("the previous batch was not waited for")
        self._sent_at = (exchange, time.perf_counter())
        self._nacked.clear()
        self._returned.clear()
        for body, message_id in messages:
            self._impl.basic_publish(
                exchange=exchange,
                routing_key="",
                body=body,
                properties=pika.BasicProperties(
                    delivery_mode=PERSISTENT,
                    content_type="application/json",
                    message_id=message_id,
                ),
                mandatory=True,
            )
            self._unconfirmed.add(self._next_tag)
            self._next_tag += 1

    def wait_confirmed(self) -> None:
        """Return once every message of the last :meth:`send` is confirmed (raises as
        :meth:`publish` does otherwise)."""
        if self._sent_at is None:
            return
        exchange, started = self._sent_at
        try:
            self._wait(lambda: not self._unconfirmed)
        finally:
            self._sent_at = None
        if self._nacked:
            raise pika.exceptions.NackError([])
        if self._returned:
            raise pika.exceptions.UnroutableError([])
        PUBLISH_CONFIRM_SECONDS.labels(exchange).observe(time.perf_counter() - started)
