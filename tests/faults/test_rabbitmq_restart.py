"""The machine's RabbitMQ restarted under load: 503 while it is away, nothing accepted is lost.

This restarts the single shared broker (other test sessions' connections drop too): it runs
last in the fault suite and always starts the broker again.
"""

from __future__ import annotations

import base64
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import isolated_platform
from tests.faults.rig import TERMINAL

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=120)


def test_a_broker_restart_during_submissions_loses_nothing(tmp_path: Path) -> None:
    image = base64.b64encode(lesion_jpeg(320, 240)).decode()
    with isolated_platform(tmp_path, analyzers=1, registrars=1) as platform:
        token = platform.sign_in(*platform.create_user())
        accepted: list[str] = []
        statuses: Counter[int] = Counter()
        stop = threading.Event()

        def submit_until_stopped() -> None:
            with httpx.Client(
                base_url=platform.api_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
            ) as client:
                while not stop.is_set():
                    response = client.post("/api/imageProcess", json={"image": image})
                    statuses[response.status_code] += 1
                    if response.status_code == 202:
                        accepted.append(response.json()["id"])
                    else:
                        assert response.status_code == 503, response.text
                        assert "queue is unavailable" in response.json()["detail"]
                    time.sleep(0.05)

        submitter = threading.Thread(target=submit_until_stopped)
        submitter.start()
        try:
            time.sleep(3)
            rabbitmqctl("stop_app")
            time.sleep(5)
        finally:
            rabbitmqctl("start_app")
            rabbitmqctl("await_startup")
        time.sleep(8)  # the API and the workers reconnect by themselves
        stop.set()
        submitter.join(timeout=60)
        assert statuses[503] > 0, statuses
        accepted_after = len(accepted)
        assert accepted_after > 0

        with platform.client(token) as client:
            deadline = time.monotonic() + 180
            while True:
                page = client.get("/api/me/getAnalysisList", params={"pageSize": 100})
                items = []
                for number in range(1, page.json()["total"] // 100 + 2):
                    items += client.get(
                        "/api/me/getAnalysisList", params={"pageSize": 100, "page": number}
                    ).json()["items"]
                if all(item["status"] in TERMINAL for item in items):
                    break
                assert time.monotonic() < deadline, Counter(i["status"] for i in items)
                time.sleep(1)
        # Exactly the accepted requests have records (503s left none), all completed.
        assert sorted(item["id"] for item in items) == sorted(accepted)
        assert all(item["status"] == "completed" for item in items)
        print("BROKER RESTART", dict(statuses), "accepted", len(accepted))
