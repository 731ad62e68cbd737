"""One analyzer process on the real broker, fed batches that mix good and bad requests.

The requests are queued before the worker starts, so its first batches are full and mixed.
Every request must come out exactly once: good ones completed with the score the same model
gives the image alone, bad ones failed (and dead-lettered) without taking the batch down.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

import pika
import pytest

from luna_analyzer_worker.analysis import analyse
from luna_analyzer_worker.serving import scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.messages import AnalysisRequest
from luna_local.platform import LocalPlatform
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from luna_testing.photos import lesion_jpeg
from luna_testing.services import rabbitmq_vhost


def drain(amqp_url: str, queue: str) -> list[bytes]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        bodies = []
        while True:
            method, _, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return bodies
            bodies.append(body)
    finally:
        connection.close()


def test_a_partly_bad_batch_loses_nothing_and_fails_only_the_bad(
    varied_checkpoint: Path, onnx_cache: Path, tmp_path: Path
) -> None:
    good_images = [lesion_jpeg(1600 + 16 * n, 1200, seed=n) for n in range(9)]
    bad_images = [good_images[0][:4000], b"GIF89a not really", b"\xff\xd8\xff\xe0 truncated"]
    requests = [
        AnalysisRequest(
            analysis_id=secrets.token_hex(8),
            user_id="pseudo-1",
            image=image,
            creation_date=datetime.now(UTC),
        )
        for image in good_images + bad_images
    ]
    # Interleave so that each batch of 8 holds good and bad requests.
    order = [requests[i] for i in (0, 9, 1, 2, 10, 3, 4, 11, 5, 6, 7, 8)]
    malformed = b'{"schemaVersion": 1, "analysisId": "broken"}'

    with rabbitmq_vhost() as amqp_url:
        publisher = Publisher(amqp_url, delivery_limit=5)
        for n, request in enumerate(order):
            publisher.publish(
                topology.REQUEST_EXCHANGE, request.to_body(), message_id=request.analysis_id
            )
            if n == 5:
                publisher.publish(topology.REQUEST_EXCHANGE, malformed, message_id="broken")
        publisher.close()

        env = AnalyzerSettings.environment_for(
            rabbitmq_url=amqp_url,
            model_checkpoint=varied_checkpoint,
            runtime="onnx",
            onnx_cache_dir=onnx_cache,
            batch_size=8,
            batch_wait_ms=200,
            decode_threads=2,
        )
        processes = LocalPlatform(env=env, log_dir=tmp_path)
        processes.start_service("analyzer", "analyzer-1")
        results: dict[str, dict] = {}
        try:
            deadline = time.monotonic() + 120
            while len(results) < len(requests) and time.monotonic() < deadline:
                for body in drain(amqp_url, topology.COMPLETED_QUEUE):
                    result = json.loads(body)
                    assert result["analysisId"] not in results, "a request was answered twice"
                    results[result["analysisId"]] = result
                time.sleep(0.3)
            assert processes.processes["analyzer-1"].poll() is None, processes.tail_log(
                "analyzer-1"
            )
        finally:
            processes.stop()
        time.sleep(0.5)
        dead = drain(amqp_url, topology.DEAD_LETTER_QUEUE)
        leftover = drain(amqp_url, topology.PENDING_QUEUE)

    assert set(results) == {r.analysis_id for r in requests}, processes.tail_log("analyzer-1")
    assert not leftover
    scorer, _ = scorer_for(
        AnalyzerSettings(
            model_checkpoint=varied_checkpoint,
            device="cpu",
            runtime="onnx",
            onnx_cache_dir=onnx_cache,
        )
    )
    for request in requests[:9]:
        result = results[request.analysis_id]
        alone = analyse([request], scorer)[0]
        assert result["status"] == "completed"
        assert result["result"] == pytest.approx(alone.result, abs=1e-6)
        assert result["model"]["version"] == "test-bn-calibrated"
    for request in requests[9:]:
        assert results[request.analysis_id]["status"] == "failed"
        assert "could not be decoded" in results[request.analysis_id]["failureReason"]
    dead_ids = {json.loads(body).get("analysisId") for body in dead}
    assert dead_ids == {*(r.analysis_id for r in requests[9:]), "broken"}
