"""Opening connections and channels to RabbitMQ, and the errors that mean "the broker is away"."""

from __future__ import annotations

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel

from luna_rabbit import topology

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
    """A blocking connection that fails fast (one attempt) when the broker is away."""
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
