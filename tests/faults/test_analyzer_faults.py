"""Analyzer workers killed or stopped while they hold unacknowledged messages lose nothing."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.faults.rig import worker_rig

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _wait_for_some_results(rig, at_least: int, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while rig.statuses()["completed"] < at_least:
        assert time.monotonic() < deadline, f"no progress: {rig.statuses()}"
        time.sleep(0.05)


def test_sigkill_of_an_analyzer_holding_unacked_messages_loses_nothing(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path) as rig:
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")
        rig.submit_many(40)
        # Killed mid-stream: some results are in, the analyzer holds a prefetched batch or two.
        _wait_for_some_results(rig, at_least=4)
        assert rig.kill("analyzer-1") == -signal.SIGKILL
        assert rig.statuses()["pending"] > 0, "nothing was in flight when the analyzer died"

        rig.start("analyzer", "analyzer-2")
        docs = rig.wait_until_settled()
        rig.assert_exactly_once(docs)
        assert all(doc["status"] == "completed" for doc in docs.values())
        # Results of the batch in flight may have gone out twice; never for an unknown id,
        # and the records changed once each (assert_exactly_once).
        from tests.faults.rig import tapped_result_ids

        on_the_wire = tapped_result_ids(fault_amqp_url)
        assert set(on_the_wire) == set(rig.submitted)
        assert rig.queue_depths() == {
            "process_pending": 0,
            "process_completed": 0,
            "dead_letter": 0,
        }


def test_sigterm_stops_an_analyzer_gracefully_and_a_replacement_finishes(
    fault_amqp_url: str, fault_mongo_url: str, tmp_path: Path
) -> None:
    with worker_rig(fault_amqp_url, fault_mongo_url, tmp_path) as rig:
        rig.start("registrar", "registrar-1")
        rig.start("analyzer", "analyzer-1")
        rig.submit_many(30)
        _wait_for_some_results(rig, at_least=4)
        started = time.monotonic()
        # Finishes the batch in hand, gives its prefetched messages back, exits 0.
        assert rig.kill("analyzer-1", signal.SIGTERM) == 0
        assert time.monotonic() - started < 10
        assert "stopped consuming process_pending" in rig.log_text("analyzer-1")
        assert rig.statuses()["pending"] > 0

        rig.start("analyzer", "analyzer-2")
        docs = rig.wait_until_settled()
        rig.assert_exactly_once(docs)
        assert all(doc["status"] == "completed" for doc in docs.values())
