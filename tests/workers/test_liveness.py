"""The workers' heartbeat on the real broker: it stops when the handler hangs, not while idle."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from luna_common import analysis_record
from luna_common.messages import AnalysisRequest, failed
from luna_data_worker.registrar import make_handler
from luna_rabbit import topology
from luna_rabbit.connection import connect, open_channel
from luna_rabbit.consuming import Acks, Delivery, consume_batches
from luna_rabbit.publishing import Publisher
from luna_rabbit.worker_lifecycle import Heartbeat, StopFlag, check_heartbeats
from luna_testing.services import free_port, rabbitmq_vhost


def wait_until(condition: object, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise TimeoutError("condition not met")


def test_heartbeat_is_fresh_while_idle_and_goes_stale_while_the_handler_hangs(
    tmp_path: Path,
) -> None:
    release = threading.Event()
    handled: list[bytes] = []

    def hanging_handler(batch: Sequence[Delivery], acks: Acks) -> None:
        release.wait(30)  # a model call that never returns, until the test lets it
        for delivery in batch:
            handled.append(delivery.body)
            acks.ack(delivery)

    stop = StopFlag()
    with rabbitmq_vhost() as url:
        consumer = threading.Thread(
            target=consume_batches,
            kwargs={
                "url": url,
                "queue": topology.PENDING_QUEUE,
                "handler": hanging_handler,
                "batch_size": 1,
                "batch_wait_ms": 0,
                "delivery_limit": 5,
                "stop": stop,
                "heartbeat": Heartbeat(tmp_path, topology.PENDING_QUEUE, every_s=0.2),
            },
        )
        consumer.start()
        try:
            wait_until(lambda: check_heartbeats(tmp_path, max_age_s=2, consuming=True) is None)
            time.sleep(2.5)  # idle, yet alive: the loop beats while it waits for messages
            assert check_heartbeats(tmp_path, max_age_s=2, consuming=True) is None

            publisher = Publisher(url, delivery_limit=5)
            publisher.publish(topology.REQUEST_EXCHANGE, b"{}", message_id="hang")
            publisher.close()
            wait_until(lambda: check_heartbeats(tmp_path, max_age_s=1.5) is not None)
            problem = check_heartbeats(tmp_path, max_age_s=1.5)
            assert problem is not None and "process_pending" in problem

            release.set()
            wait_until(lambda: handled == [b"{}"])
            wait_until(lambda: check_heartbeats(tmp_path, max_age_s=2) is None)
        finally:
            release.set()
            stop.set()
            consumer.join(timeout=20)


def test_no_heartbeat_yet_is_not_alive(tmp_path: Path) -> None:
    assert check_heartbeats(tmp_path / "none", max_age_s=60) is not None
    Heartbeat(tmp_path, "q").beat("connecting")
    assert check_heartbeats(tmp_path, max_age_s=60) is None
    assert "not consuming" in (check_heartbeats(tmp_path, max_age_s=60, consuming=True) or "")


def test_a_heartbeat_without_a_folder_writes_nothing(tmp_path: Path) -> None:
    Heartbeat(None, "q").beat()
    assert list(tmp_path.iterdir()) == []


def test_a_registrar_waiting_for_mongodb_keeps_beating(tmp_path: Path) -> None:
    """A MongoDB outage must not get registrars restarted: a restart would requeue their
    results and use up delivery attempts (RELIABILITY.md)."""
    unreachable = analysis_record.connect(
        f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", "luna", timeout_ms=100
    )
    stop = StopFlag()
    handler = make_handler(unreachable, stop, retry_wait_s=lambda _: 0.3)
    heartbeat_file = tmp_path / topology.COMPLETED_QUEUE
    with rabbitmq_vhost() as url:
        connection = connect(url)
        try:
            acks = Acks(
                open_channel(connection, 5),
                topology.COMPLETED_QUEUE,
                Heartbeat(tmp_path, topology.COMPLETED_QUEUE, every_s=0),
            )
            now = datetime.now(UTC)
            request = AnalysisRequest(analysis_id="a1", user_id="u1", image=b"x", creation_date=now)
            body = failed(request, reason="test", model=None, analysis_date=now).to_body()
            result = Delivery(delivery_tag=1, body=body, redelivered=False, headers={})
            writing = threading.Thread(target=handler, args=([result], acks))
            writing.start()
            try:
                wait_until(heartbeat_file.exists)
                first = heartbeat_file.stat().st_mtime_ns
                wait_until(lambda: heartbeat_file.stat().st_mtime_ns > first, timeout_s=5)
                assert writing.is_alive()  # still retrying the same write, not giving up
            finally:
                stop.set()
                writing.join(timeout=10)
        finally:
            connection.close()
