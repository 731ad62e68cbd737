"""A rig for fault tests: real workers on a vhost and a MongoDB-protocol server of their own.

Requests are published the way the API publishes them (pending record first, then the
message), so faults can be injected into worker processes without the HTTP layer. Every
result message the analyzers publish is also copied to a spare "tap" queue bound to the
``process_completed`` fanout, so a test can count what went over the wire.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pika
from pymongo.database import Database

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common import analysis_record
from luna_data_worker.settings import RegistrarSettings
from luna_local.platform import LocalPlatform
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from luna_testing.photos import lesion_jpeg
from luna_testing.platform import queue_request

TAP_QUEUE = "test_result_tap"
TERMINAL = {"completed", "failed"}


@dataclass
class WorkerRig:
    """Worker processes plus handles on their broker vhost and results database."""

    processes: LocalPlatform
    db: Database
    amqp_url: str
    delivery_limit: int
    submitted: list[str] = field(default_factory=list)
    _publisher: Publisher | None = None

    @property
    def publisher(self) -> Publisher:
        if self._publisher is None:
            self._publisher = Publisher(self.amqp_url, self.delivery_limit)
        return self._publisher

    def start(self, kind: str, name: str, *, ready_timeout_s: float = 60) -> None:
        """Start a worker and wait until it consumes (as its heartbeat files say)."""
        self.processes.start_service(kind, name)
        self.processes.wait_until_consuming(name, kind, timeout_s=ready_timeout_s)

    def log_text(self, name: str) -> str:
        path = self.processes.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` to a worker's process group and reap it; its exit code."""
        process = self.processes.processes.pop(name)
        os.killpg(process.pid, sig)
        return process.wait(timeout=30)

    def submit(self, image: bytes, *, user_id: str = "pseudo-1", rendition: bool = True) -> str:
        """Queue ``image`` as the API would (``rendition=False``: a version-1 request carrying
        the photo, which can carry an image the API would refuse)."""
        analysis_id = queue_request(
            self.db, self.publisher, image, user_id=user_id, rendition=rendition
        )
        self.submitted.append(analysis_id)
        return analysis_id

    def submit_many(self, count: int, *, width: int = 320, height: int = 240) -> list[str]:
        return [self.submit(lesion_jpeg(width, height, seed=n % 20)) for n in range(count)]

    def statuses(self) -> Counter[str]:
        return Counter(
            doc["status"] for doc in analysis_record.analyses(self.db).find({}, {"status": 1})
        )

    def wait_until_settled(self, timeout_s: float = 180) -> dict[str, dict[str, Any]]:
        """Every submitted analysis in a terminal state; the records by id."""
        deadline = time.monotonic() + timeout_s
        while True:
            docs = {d["_id"]: d for d in analysis_record.analyses(self.db).find({}, {"image": 0})}
            pending = [i for i in self.submitted if docs.get(i, {}).get("status") not in TERMINAL]
            if not pending:
                return docs
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(pending)} analyses still pending: {self.statuses()}")
            time.sleep(0.5)

    def assert_exactly_once(self, docs: dict[str, dict[str, Any]]) -> None:
        """One record per accepted submission, each terminal once, with a reason if failed."""
        assert sorted(docs) == sorted(self.submitted), "records differ from submissions"
        assert len(set(self.submitted)) == len(self.submitted)
        for analysis_id in self.submitted:
            doc = docs[analysis_id]
            assert doc["status"] in TERMINAL, doc
            if doc["status"] == "completed":
                assert 0.0 <= doc["result"] <= 1.0 and doc["model"] is not None, doc
            else:
                assert doc["failureReason"], doc
        # The registrars' JSON logs say which analysis each write changed: never one twice.
        writes = self.recorded_writes()
        twice = {i: n for i, n in writes.items() if n > 1}
        assert not twice, f"records changed more than once: {twice}"
        assert set(writes) == set(self.submitted)

    def recorded_writes(self) -> Counter[str]:
        """How many times a registrar changed each record, from every registrar log."""
        writes: Counter[str] = Counter()
        for path in self.processes.log_dir.glob("registrar*.log"):
            for line in path.read_text(errors="replace").splitlines():
                entry = _json_line(line)
                if entry and entry.get("message") == "result recorded":
                    writes[entry["analysis_id"]] += 1
        return writes

    def queue_depths(self) -> dict[str, int]:
        with _channel(self.amqp_url) as channel:
            return {
                name: channel.queue_declare(name, passive=True).method.message_count
                for name in (
                    topology.PENDING_QUEUE,
                    topology.COMPLETED_QUEUE,
                    topology.DEAD_LETTER_QUEUE,
                )
            }

    def close(self) -> None:
        if self._publisher is not None:
            self._publisher.close()


def _json_line(line: str) -> dict[str, Any] | None:
    if not line.startswith("{"):
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None


@contextmanager
def _channel(amqp_url: str) -> Iterator[Any]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        yield connection.channel()
    finally:
        connection.close()


def declare_tap(amqp_url: str, delivery_limit: int) -> None:
    """Declare the topology and a spare queue that receives a copy of every result message."""
    with _channel(amqp_url) as channel:
        topology.declare(channel, delivery_limit)
        channel.queue_declare(TAP_QUEUE, durable=True)
        channel.queue_bind(TAP_QUEUE, topology.RESULT_EXCHANGE)


def drain(amqp_url: str, queue: str) -> list[tuple[bytes, dict[str, Any]]]:
    """Take every message off ``queue``: (body, headers) pairs."""
    with _channel(amqp_url) as channel:
        taken = []
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return taken
            taken.append((body, properties.headers or {}))


def tapped_result_ids(amqp_url: str) -> Counter[str]:
    """How many result messages went over the wire for each analysis id."""
    return Counter(json.loads(body)["analysisId"] for body, _ in drain(amqp_url, TAP_QUEUE))


def worker_env(amqp_url: str, mongo_url: str, db_name: str, **extra: Any) -> dict[str, str]:
    """Both workers' settings; ``extra`` by field name (e.g. ``prefetch=4``)."""
    return {
        **AnalyzerSettings.environment_for(torch_threads=1),
        **RegistrarSettings.environment_for(
            rabbitmq_url=amqp_url, mongo_url=mongo_url, mongo_db=db_name, log_format="json"
        ),
        **_settings_of_either(extra),
    }


def _settings_of_either(values: dict[str, Any]) -> dict[str, str]:
    """Variables for settings of the analyzer or the registrar, by field name."""
    analyzer = {k: v for k, v in values.items() if k in AnalyzerSettings.model_fields}
    return {
        **AnalyzerSettings.environment_for(**analyzer),
        **RegistrarSettings.environment_for(
            **{k: v for k, v in values.items() if k not in analyzer}
        ),
    }


@contextmanager
def worker_rig(
    amqp_url: str, mongo_url: str, log_dir: Path, *, delivery_limit: int = 5, **settings: Any
) -> Iterator[WorkerRig]:
    """No processes started yet: the test starts the workers it needs with ``rig.start``."""
    db_name = f"luna_{secrets.token_hex(4)}"
    env = worker_env(amqp_url, mongo_url, db_name, delivery_limit=delivery_limit, **settings)
    declare_tap(amqp_url, delivery_limit)
    rig = WorkerRig(
        LocalPlatform(env=env, log_dir=log_dir),
        analysis_record.connect(mongo_url, db_name),
        amqp_url,
        delivery_limit,
    )
    try:
        yield rig
    finally:
        rig.close()
        rig.processes.stop()
