"""Registrars killed between writing and acknowledging change no record twice and lose none."""

from __future__ import annotations

import secrets
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pika
import pytest

from luna_common import analysis_record
from luna_common.messages import AnalysisRequest, ModelInfo, completed
from luna_data_worker.registrar import record
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from tests.faults.rig import tapped_result_ids, worker_rig


@pytest.mark.slow
@pytest.mark.e2e
def test_registrars_killed_again_and_again_change_each_record_exactly_once(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    # A small prefetch keeps many results unacked at any moment, so kills land between
    # a write and its ack.
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path, prefetch=4) as rig:
        rig.start("analyzer", "analyzer-1")
        rig.start("registrar", "registrar-0")
        rig.submit_many(40)
        for n in range(1, 5):
            time.sleep(1.0)
            assert rig.kill(f"registrar-{n - 1}") == -signal.SIGKILL
            rig.start("registrar", f"registrar-{n}")
        docs = rig.wait_until_settled()
        rig.assert_exactly_once(docs)
        assert all(doc["status"] == "completed" for doc in docs.values())
        assert set(tapped_result_ids(fault_amqp_url)) == set(rig.submitted)
        assert rig.queue_depths() == {
            "process_pending": 0,
            "process_completed": 0,
            "dead_letter": 0,
        }


@pytest.mark.e2e
def test_a_write_whose_ack_was_lost_is_redelivered_and_changes_nothing(
    fault_amqp_url: str, fault_mongo_url: str
) -> None:
    """The crash window made exact: the record is written, the worker dies before its ack."""
    db = analysis_record.connect(fault_mongo_url, f"luna_{secrets.token_hex(4)}")
    now = datetime.now(UTC).replace(microsecond=0)
    request = AnalysisRequest(analysis_id="a1", user_id="p1", image=b"x", creation_date=now)
    analysis_record.insert_pending(
        db,
        analysis_id="a1",
        user_id="p1",
        description=None,
        image=b"x",
        image_type="image/jpeg",
        creation_date=now,
    )
    model = ModelInfo(name="m", version="1", validated=False, threshold=0.5)
    result = completed(request, probability=0.25, model=model, analysis_date=now)
    publisher = Publisher(fault_amqp_url, delivery_limit=5)
    publisher.publish(topology.RESULT_EXCHANGE, result.to_body(), message_id="a1")
    publisher.close()

    # First delivery: the registrar's function commits the write, then the process "dies":
    # the connection closes without an ack.
    crashed = pika.BlockingConnection(pika.URLParameters(fault_amqp_url))
    channel = crashed.channel()
    method, _, body = _get(channel)
    assert record(db, body) is True
    crashed.close()
    first = analysis_record.analyses(db).find_one({"_id": "a1"})

    # The broker redelivers; the replacement writes again and changes nothing, then acks.
    replacement = pika.BlockingConnection(pika.URLParameters(fault_amqp_url))
    channel = replacement.channel()
    method, properties, body = _get(channel)
    assert method.redelivered or (properties.headers or {}).get("x-delivery-count") == 1
    assert record(db, body) is False
    channel.basic_ack(method.delivery_tag)
    replacement.close()
    assert analysis_record.analyses(db).find_one({"_id": "a1"}) == first
    assert first["status"] == "completed" and first["result"] == 0.25

    # A different result for the same id (a re-run after a crash) changes nothing either.
    other = completed(request, probability=0.9, model=model, analysis_date=now)
    assert analysis_record.record_result(db, other) is False
    assert analysis_record.analyses(db).find_one({"_id": "a1"}) == first


def _get(channel):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        method, properties, body = channel.basic_get(topology.COMPLETED_QUEUE)
        if method is not None:
            return method, properties, body
        time.sleep(0.1)
    raise TimeoutError("no result message")


@pytest.mark.slow
@pytest.mark.e2e
def test_sigterm_stops_a_registrar_gracefully(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path) as rig:
        rig.start("analyzer", "analyzer-1")
        rig.start("registrar", "registrar-1")
        rig.submit_many(20)
        time.sleep(1.5)
        started = time.monotonic()
        assert rig.kill("registrar-1", signal.SIGTERM) == 0
        assert time.monotonic() - started < 10
        assert "stopped consuming process_completed" in rig.log_text("registrar-1")
        rig.start("registrar", "registrar-2")
        docs = rig.wait_until_settled()
        rig.assert_exactly_once(docs)
