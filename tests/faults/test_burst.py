"""A burst of 500 submissions from 20 concurrent clients: every one accepted and completed once."""

from __future__ import annotations

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from luna_common import analysis_record
from luna_common.settings import LunaSettings
from luna_testing.photos import lesion_jpeg
from luna_testing.platform import isolated_platform
from tests.faults.rig import TAP_QUEUE, declare_tap, drain

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
SUBMISSIONS = 500
CLIENTS = 20


def test_a_burst_of_500_from_20_clients_is_all_completed_exactly_once(tmp_path: Path) -> None:
    images = [base64.b64encode(lesion_jpeg(320, 240, seed=n)).decode() for n in range(20)]
    with isolated_platform(
        tmp_path,
        analyzers=2,
        registrars=1,
        extra_env=LunaSettings.environment_for(log_format="json"),
    ) as platform:
        amqp_url = platform.rabbitmq_url
        declare_tap(amqp_url, 5)
        db = platform.results_db()
        tokens = [platform.sign_in(*platform.create_user()) for _ in range(CLIENTS)]

        def client_run(index: int) -> list[tuple[int, str]]:
            answers = []
            with httpx.Client(
                base_url=platform.api_url,
                timeout=60,
                headers={"Authorization": f"Bearer {tokens[index]}"},
            ) as client:
                for n in range(SUBMISSIONS // CLIENTS):
                    response = client.post(
                        "/api/imageProcess", json={"image": images[(index + n) % len(images)]}
                    )
                    answers.append((response.status_code, response.json().get("id", "")))
            return answers

        started = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = [a for batch in pool.map(client_run, range(CLIENTS)) for a in batch]
        submitted_s = time.monotonic() - started
        assert [status for status, _ in answers] == [202] * SUBMISSIONS
        ids = [analysis_id for _, analysis_id in answers]
        assert len(set(ids)) == SUBMISSIONS

        deadline = time.monotonic() + 300
        while (
            done := analysis_record.analyses(db).count_documents(
                {"status": {"$in": ["completed", "failed"]}}
            )
        ) < SUBMISSIONS:
            assert time.monotonic() < deadline, f"only {done} of {SUBMISSIONS} settled"
            time.sleep(0.5)
        drained_s = time.monotonic() - started

        docs = list(analysis_record.analyses(db).find({}, {"image": 0}))
        assert sorted(d["_id"] for d in docs) == sorted(ids)
        assert all(d["status"] == "completed" for d in docs)
        wire = [json.loads(body)["analysisId"] for body, _ in drain(amqp_url, TAP_QUEUE)]
        assert set(wire) == set(ids)
        figures = {
            "submissions": SUBMISSIONS,
            "clients": CLIENTS,
            "accepted": len(ids),
            "completed": len(docs),
            "submit_seconds": round(submitted_s, 1),
            "submit_rate_per_s": round(SUBMISSIONS / submitted_s, 1),
            "drain_seconds": round(drained_s, 1),
            "throughput_per_s": round(SUBMISSIONS / drained_s, 1),
            "result_messages": len(wire),
            "duplicate_result_messages": len(wire) - len(set(wire)),
        }
        print("BURST FIGURES", json.dumps(figures))
