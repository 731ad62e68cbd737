"""The topology on the real broker: declared idempotently, routed as designed, limits enforced."""

from __future__ import annotations

import time

import pika
import pika.exceptions
import pytest

from luna_rabbit import topology
from luna_rabbit.connection import BrokerUnavailable, connect, open_channel
from luna_rabbit.publishing import Publisher
from luna_testing.services import free_port, rabbitmq_vhost


def test_declaring_twice_changes_nothing_and_fanouts_route_to_their_queues() -> None:
    with rabbitmq_vhost() as url:
        connection = connect(url)
        try:
            channel = open_channel(connection, delivery_limit=3)
            open_channel(connection, delivery_limit=3)  # a second service starting
            for exchange, queue in [
                (topology.REQUEST_EXCHANGE, topology.PENDING_QUEUE),
                (topology.RESULT_EXCHANGE, topology.COMPLETED_QUEUE),
            ]:
                channel.basic_publish(
                    exchange,
                    "",
                    b"{}",
                    mandatory=True,
                    properties=pika.BasicProperties(delivery_mode=2),
                )
                method, properties, body = channel.basic_get(queue, auto_ack=True)
                assert body == b"{}" and properties.delivery_mode == 2
                assert method.message_count == 0
        finally:
            connection.close()


def test_a_message_that_keeps_failing_is_dead_lettered_after_the_delivery_limit() -> None:
    with rabbitmq_vhost() as url:
        connection = connect(url)
        try:
            channel = open_channel(connection, delivery_limit=2)
            channel.basic_publish(topology.REQUEST_EXCHANGE, "", b"poison")
            for _ in range(3):  # first delivery plus two redeliveries
                method, _, _ = channel.basic_get(topology.PENDING_QUEUE)
                assert method is not None
                channel.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(0.2)
            assert channel.basic_get(topology.PENDING_QUEUE)[0] is None
            time.sleep(0.5)
            _, _, body = channel.basic_get(topology.DEAD_LETTER_QUEUE, auto_ack=True)
            assert body == b"poison"
        finally:
            connection.close()


def test_publisher_reports_an_unreachable_broker() -> None:
    publisher = Publisher(
        f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F", delivery_limit=5, timeout_s=1
    )
    with pytest.raises(BrokerUnavailable):
        publisher.publish(topology.REQUEST_EXCHANGE, b"{}", message_id="x")
