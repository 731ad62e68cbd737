"""Poison messages are dead-lettered after a bounded number of attempts and block nothing."""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

import pika
import pytest

from luna_common.messages import AnalysisRequest
from luna_rabbit import topology
from luna_testing.photos import lesion_jpeg
from tests.faults.rig import drain, worker_rig

pytestmark = pytest.mark.e2e


@pytest.mark.slow
def test_undecodable_images_and_malformed_envelopes_are_dead_lettered_without_blocking(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path) as rig:
        # The poison goes in first, the good work queues up behind it. The API refuses such
        # images (it decodes them for the rendition); version-1 requests still carry them.
        truncated = rig.submit(lesion_jpeg(320, 240)[:1500], rendition=False)
        not_an_image = rig.submit(b"%PDF-1.7 definitely not a photo", rendition=False)
        malformed = [
            b'{"schemaVersion": 1, "analysisId": "x"}',  # fields missing
            b"\x00\xff not json at all",
            json.dumps(
                {
                    "schemaVersion": 99,
                    "analysisId": "y",
                    "userId": "p",
                    "image": "eA==",
                    "creationDate": "2026-01-01T00:00:00Z",
                }
            ).encode(),
        ]
        for n, body in enumerate(malformed):
            rig.publisher.publish(topology.REQUEST_EXCHANGE, body, message_id=f"malformed-{n}")
        good = rig.submit_many(8)
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")

        docs = rig.wait_until_settled(timeout_s=120)
        rig.assert_exactly_once(docs)
        for analysis_id in good:
            assert docs[analysis_id]["status"] == "completed"
        for analysis_id in (truncated, not_an_image):
            assert docs[analysis_id]["status"] == "failed"
            assert "could not be decoded" in docs[analysis_id]["failureReason"]

        time.sleep(1)
        dead = drain(fault_amqp_url, topology.DEAD_LETTER_QUEUE)
        bodies = [body for body, _ in dead]
        for body in malformed:
            assert bodies.count(body) == 1
        dead_ids = {json.loads(b).get("analysisId") for b in bodies if b not in malformed}
        assert dead_ids == {truncated, not_an_image}
        assert all(h["x-death"][0]["reason"] == "rejected" for _, h in dead)
        assert rig.queue_depths()["process_pending"] == 0
        assert rig.processes.processes["analyzer-1"].poll() is None


def _crash_on_delivery(amqp_url: str) -> bool:
    """Take one message and vanish without an ack, as a worker killed by it would.

    False when there was nothing left to take (the broker dead-lettered it).
    """
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        for _ in range(10):
            method, _, _ = channel.basic_get(topology.PENDING_QUEUE)
            if method is not None:
                return True
            time.sleep(0.1)
        return False
    finally:
        connection.close()  # unacked: back to the queue, one more attempt counted


def _crash_until_dead_lettered(amqp_url: str, limit: int) -> int:
    attempts = 0
    while _crash_on_delivery(amqp_url):
        attempts += 1
        assert attempts <= limit + 1, "the delivery limit did not stop the crash loop"
    return attempts


def test_a_message_that_keeps_killing_its_worker_is_dead_lettered_after_the_limit(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    limit = 3
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path, delivery_limit=limit) as rig:
        killer = rig.submit(lesion_jpeg(320, 240))
        # The quorum queue counts returns: the first delivery plus ``limit`` redeliveries.
        assert _crash_until_dead_lettered(fault_amqp_url, limit) == limit + 1
        good = rig.submit(lesion_jpeg(320, 240, seed=2))
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")
        deadline = time.monotonic() + 60
        while rig.statuses()["completed"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.3)
        assert good in {d["_id"] for d in rig.db.analyses.find({"status": "completed"})}
        dead = drain(fault_amqp_url, topology.DEAD_LETTER_QUEUE)
        assert [json.loads(body)["analysisId"] for body, _ in dead] == [killer]
        assert dead[0][1]["x-death"][0]["reason"] == "delivery_limit"
        assert rig.queue_depths()["process_pending"] == 0


@pytest.mark.slow
def test_a_request_dead_lettered_by_the_delivery_limit_ends_failed_with_a_reason(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    """Workers killed by a request on every attempt but the last: the analyzer takes the last
    allowed delivery, does not analyse it again, and fails it with a reason."""
    limit = 2
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path, delivery_limit=limit) as rig:
        killer = rig.submit(lesion_jpeg(320, 240))
        for _ in range(limit):
            assert _crash_on_delivery(fault_amqp_url)
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")
        docs = rig.wait_until_settled(timeout_s=60)
        assert docs[killer]["status"] == "failed"
        assert "abandoned after 2 failed attempts" in docs[killer]["failureReason"]
        time.sleep(1)
        dead = drain(fault_amqp_url, topology.DEAD_LETTER_QUEUE)
        assert [json.loads(body)["analysisId"] for body, _ in dead] == [killer]


def test_a_request_for_an_unknown_record_changes_no_other_record(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    """A valid envelope whose analysis id or user id matches no pending record writes nothing."""
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path) as rig:
        mine = rig.submit(lesion_jpeg(320, 240))
        forged = AnalysisRequest(
            analysis_id=mine,
            user_id="someone-else",
            image=lesion_jpeg(320, 240, seed=3),
            creation_date=datetime.now(UTC),
        )
        stray = AnalysisRequest(
            analysis_id=secrets.token_hex(16),
            user_id="p",
            image=lesion_jpeg(320, 240),
            creation_date=datetime.now(UTC),
        )
        for message in (forged, stray):
            rig.publisher.publish(
                topology.REQUEST_EXCHANGE, message.to_body(), message_id=message.analysis_id
            )
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")
        docs = rig.wait_until_settled(timeout_s=60)
        time.sleep(2)
        assert set(docs) == {mine}
        assert docs[mine]["userId"] == "pseudo-1"
        assert rig.recorded_writes() == {mine: 1}


def test_a_request_the_broker_gives_up_on_ends_failed_and_stays_inspectable(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    """Analyzers that die with a request every time never send a result; when the broker
    dead-letters it at the delivery limit, the registrar marks its record failed."""
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path, delivery_limit=1) as rig:
        rig.start("registrar", "registrar-1")  # both its consumers, the watch included
        abandoned = rig.submit(lesion_jpeg(320, 240))
        # Stand in for the dying analyzers: take the request and give it back, until the
        # broker stops delivering it.
        connection = pika.BlockingConnection(pika.URLParameters(fault_amqp_url))
        channel = connection.channel()
        deliveries = 0
        for _ in range(10):
            method, _properties, _body = channel.basic_get(topology.PENDING_QUEUE)
            if method is None:
                break
            deliveries += 1
            channel.basic_nack(method.delivery_tag, requeue=True)
        connection.close()
        assert deliveries == 2  # the first delivery and one more (LUNA_DELIVERY_LIMIT=1)
        doc = rig.wait_until_settled(timeout_s=60)[abandoned]
        assert doc["status"] == "failed"
        assert "every attempt to analyse it was interrupted" in doc["failureReason"]
        kept = drain(fault_amqp_url, topology.DEAD_LETTER_QUEUE)
        assert [json.loads(body)["analysisId"] for body, _ in kept] == [abandoned]
