"""Analyzer and registrar processes on the real broker and MongoDB-protocol server.

Requests are published the way the API publishes them, so these tests reach the paths the
API's own checks keep closed: corrupt images and malformed envelopes.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pika
import pytest
from pymongo.database import Database

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common import analysis_record
from luna_common.messages import AnalysisRequest
from luna_data_worker.settings import RegistrarSettings
from luna_local.platform import LocalPlatform
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from luna_testing.photos import lesion_jpeg
from luna_testing.platform import queue_request
from luna_testing.services import rabbitmq_vhost


@pytest.fixture()
def workers(mongo_url: str, tmp_path: Path) -> Iterator[tuple[LocalPlatform, Database, str]]:
    """Two analyzers and two registrars (competing consumers) on a vhost of their own."""
    with rabbitmq_vhost() as amqp_url:
        db_name = f"luna_{secrets.token_hex(4)}"
        env = {
            **RegistrarSettings.environment_for(
                rabbitmq_url=amqp_url, mongo_url=mongo_url, mongo_db=db_name
            ),
            **AnalyzerSettings.environment_for(torch_threads=1),
        }
        processes = LocalPlatform(env=env, log_dir=tmp_path)
        for name in ("analyzer-1", "analyzer-2"):
            processes.start_service("analyzer", name)
        for name in ("registrar-1", "registrar-2"):
            processes.start_service("registrar", name)
        try:
            yield processes, analysis_record.connect(mongo_url, db_name), amqp_url
        finally:
            processes.stop()


def wait_until_settled(db: Database, ids: list[str], timeout_s: float = 180) -> dict[str, dict]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        docs = {d["_id"]: d for d in analysis_record.analyses(db).find({"_id": {"$in": ids}})}
        if all(docs[i]["status"] != "pending" for i in ids):
            return docs
        time.sleep(0.5)
    raise TimeoutError("analyses still pending")


def dead_letters(amqp_url: str) -> list[bytes]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        bodies = []
        while True:
            method, _, body = channel.basic_get(topology.DEAD_LETTER_QUEUE, auto_ack=True)
            if method is None:
                return bodies
            bodies.append(body)
    finally:
        connection.close()


def test_competing_workers_settle_every_request_once_and_dead_letter_the_bad(workers) -> None:
    processes, db, amqp_url = workers
    publisher = Publisher(amqp_url, delivery_limit=5)
    good = [queue_request(db, publisher, lesion_jpeg(640, 480, seed=n)) for n in range(12)]
    corrupt_jpeg = lesion_jpeg()[:3000]
    # The API refuses it (it decodes to make the rendition); a version-1 request still reaches
    # the analyzers (queued before an upgrade, or forged), which must fail it with the reason.
    corrupt = queue_request(db, publisher, corrupt_jpeg, rendition=False)
    malformed = b'{"schemaVersion": 1, "analysisId": "x"}'
    publisher.publish(topology.REQUEST_EXCHANGE, malformed, message_id="malformed")

    docs = wait_until_settled(db, [*good, corrupt])
    for analysis_id in good:
        doc = docs[analysis_id]
        assert doc["status"] == "completed", doc.get("failureReason")
        assert 0 <= doc["result"] <= 1 and doc["model"]["validated"] is False
        assert doc["analysisDate"] >= doc["creationDate"]
    assert docs[corrupt]["status"] == "failed"
    assert "could not be decoded" in docs[corrupt]["failureReason"]

    time.sleep(1)
    dead = dead_letters(amqp_url)
    assert malformed in dead
    assert any(json.loads(body).get("analysisId") == corrupt for body in dead if body != malformed)
    # Both analyzers stayed up: a bad message crashes nothing.
    assert all(p.poll() is None for p in processes.processes.values())
    publisher.close()


def test_a_redelivered_result_changes_nothing(mongo_url: str) -> None:
    from luna_common.messages import ModelInfo, completed

    db = analysis_record.connect(mongo_url, f"luna_{secrets.token_hex(4)}")
    now = datetime.now(UTC)
    analysis_record.insert_pending(
        db,
        analysis_id="r1",
        user_id="u",
        description=None,
        image=b"x",
        image_type="image/jpeg",
        creation_date=now,
    )
    request = AnalysisRequest(analysis_id="r1", user_id="u", image=b"x", creation_date=now)
    model = ModelInfo(name="m", version="1", validated=False, threshold=0.5)
    first = completed(request, probability=0.7, model=model, analysis_date=now)
    second = completed(request, probability=0.1, model=model, analysis_date=now)
    assert analysis_record.record_result(db, first) is True
    assert analysis_record.record_result(db, second) is False
    assert analysis_record.analyses(db).find_one({"_id": "r1"})["result"] == 0.7
