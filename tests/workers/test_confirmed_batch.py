"""Publishing a batch with one wait for all its confirms, on the real broker."""

from __future__ import annotations

from collections.abc import Iterator

import pika
import pika.exceptions
import pytest
from pika.adapters.blocking_connection import BlockingChannel

from luna_rabbit import topology
from luna_rabbit.connection import CONNECTION_ERRORS, connect, open_channel
from luna_rabbit.consuming import Acks
from luna_rabbit.publishing import ConfirmedBatch
from luna_testing.services import rabbitmq_vhost


@pytest.fixture
def connection() -> Iterator[pika.BlockingConnection]:
    """A connection to a fresh vhost of the real broker, closed afterwards."""
    with rabbitmq_vhost() as url:
        connection = connect(url)
        try:
            yield connection
        finally:
            if connection.is_open:
                connection.close()


def queued_bodies(channel: BlockingChannel, queue: str) -> list[bytes]:
    """Every message body in ``queue``, taken off it in order."""
    bodies = []
    while (got := channel.basic_get(queue, auto_ack=True))[0]:
        bodies.append(got[2])
    return bodies


def test_a_confirmed_batch_lands_whole_and_in_order(connection: pika.BlockingConnection) -> None:
    channel = open_channel(connection, delivery_limit=5)
    batch = ConfirmedBatch(connection)
    for start in (0, 100):  # the same channel keeps counting its delivery tags
        batch.publish(
            topology.REQUEST_EXCHANGE,
            [(f"m{n}".encode(), f"id-{n}") for n in range(start, start + 100)],
        )
    assert queued_bodies(channel, topology.PENDING_QUEUE) == [f"m{n}".encode() for n in range(200)]


def test_an_unroutable_batch_raises_instead_of_passing_for_published(
    connection: pika.BlockingConnection,
) -> None:
    channel = connection.channel()
    channel.exchange_declare("nowhere", exchange_type="fanout", durable=True)
    batch = ConfirmedBatch(connection)
    with pytest.raises(pika.exceptions.UnroutableError):
        batch.publish("nowhere", [(b"lost", "id-1"), (b"lost too", "id-2")])
    # The batch can still be used once the cause is gone.
    channel.queue_declare("somewhere", durable=True)
    channel.queue_bind("somewhere", "nowhere")
    batch.publish("nowhere", [(b"kept", "id-3")])
    assert channel.basic_get("somewhere", auto_ack=True)[2] == b"kept"


def test_a_closed_connection_raises_what_workers_treat_as_the_broker_gone(
    connection: pika.BlockingConnection,
) -> None:
    """The consume loop reconnects on CONNECTION_ERRORS; unsettled deliveries requeue."""
    open_channel(connection, delivery_limit=5)
    batch = ConfirmedBatch(connection)
    connection.close()
    with pytest.raises(CONNECTION_ERRORS):
        batch.publish(topology.REQUEST_EXCHANGE, [(b"x", "id")])


def test_results_in_flight_are_settled_only_when_their_confirms_are_waited_for(
    connection: pika.BlockingConnection,
) -> None:
    """The analyzer's overlap: publish, work on the next batch, then settle (Acks.finish)."""
    channel = open_channel(connection, delivery_limit=5)
    acks = Acks(channel, topology.PENDING_QUEUE)
    settled: list[str] = []
    acks.publish_then_settle(
        topology.REQUEST_EXCHANGE,
        [(b"first", "id-1"), (b"second", "id-2")],
        settle=lambda: settled.append("batch 1"),
    )
    assert settled == []  # in flight: nothing settled yet
    # The next batch's publish waits for the first batch's confirms and settles it.
    acks.publish_then_settle(
        topology.REQUEST_EXCHANGE, [(b"third", "id-3")], settle=lambda: settled.append("batch 2")
    )
    assert settled == ["batch 1"]
    acks.finish()
    acks.finish()  # nothing left: settles nothing twice
    assert settled == ["batch 1", "batch 2"]
    assert queued_bodies(channel, topology.PENDING_QUEUE) == [b"first", b"second", b"third"]


def test_results_the_broker_cannot_route_are_never_settled(
    connection: pika.BlockingConnection,
) -> None:
    channel = connection.channel()
    channel.exchange_declare("nowhere", exchange_type="fanout", durable=True)
    acks = Acks(channel, "nowhere")
    settled: list[bool] = []
    acks.publish_then_settle("nowhere", [(b"lost", "id-1")], settle=lambda: settled.append(True))
    with pytest.raises(pika.exceptions.UnroutableError):
        acks.finish()
    assert settled == []
