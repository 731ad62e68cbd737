"""The RabbitMQ topology of the original LUNA design, plus a dead-letter queue.

``send_to_process`` (fanout) → ``process_pending``; ``process_completed`` (fanout) →
``process_completed``. Both work queues are durable quorum queues: they count deliveries, so a
message that keeps failing (or keeps killing its worker) is dead-lettered after
``delivery_limit`` attempts instead of blocking the queue for ever.
Dead-lettered messages are fanned out to ``dead_letter``, kept for people to inspect, and to
``dead_letter_watch``, which registrars consume to mark the record of a request the broker gave
up on as *failed*. ``definitions.json`` beside this file holds the same topology for the broker
to import; a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REQUEST_EXCHANGE = "send_to_process"
PENDING_QUEUE = "process_pending"
RESULT_EXCHANGE = "process_completed"
COMPLETED_QUEUE = "process_completed"
DEAD_LETTER_EXCHANGE = "luna_dead_letter"
DEAD_LETTER_QUEUE = "dead_letter"
DEAD_LETTER_WATCH_QUEUE = "dead_letter_watch"


@dataclass(frozen=True)
class QueueSpec:
    name: str
    exchange: str
    arguments: dict[str, Any]


def work_queue_arguments(delivery_limit: int) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
        "x-delivery-limit": delivery_limit,
    }


def queues(delivery_limit: int) -> list[QueueSpec]:
    """Every queue, the fanout exchange that feeds it, and its arguments."""
    return [
        QueueSpec(PENDING_QUEUE, REQUEST_EXCHANGE, work_queue_arguments(delivery_limit)),
        QueueSpec(COMPLETED_QUEUE, RESULT_EXCHANGE, work_queue_arguments(delivery_limit)),
        QueueSpec(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, {"x-queue-type": "quorum"}),
        QueueSpec(DEAD_LETTER_WATCH_QUEUE, DEAD_LETTER_EXCHANGE, {"x-queue-type": "quorum"}),
    ]


def declare(channel: Any, delivery_limit: int) -> None:
    """Declare the whole topology on a pika channel; idempotent, run by every service at start."""
    for spec in queues(delivery_limit):
        channel.exchange_declare(spec.exchange, exchange_type="fanout", durable=True)
        channel.queue_declare(spec.name, durable=True, arguments=spec.arguments)
        channel.queue_bind(spec.name, spec.exchange)
