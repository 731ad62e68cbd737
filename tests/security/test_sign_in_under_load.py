"""Defect 1 of issue 11: about 16 concurrent sign-ins used to hold two pooled connections each
(the request's and the login limiter's), so the pool deadlocked: 30 s of silence, then 500s.

Sign-in now uses one connection at a time, and a burst from one address cannot starve a
legitimate sign-in from another one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from luna_testing.platform import RunningPlatform, isolated_platform

pytestmark = pytest.mark.e2e
BURST = 50


@pytest.fixture(scope="module")
def api_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """An API of its own (no workers) with the sign-in limits as shipped."""
    with isolated_platform(
        Path(tmp_path_factory.mktemp("burst-logs")), analyzers=0, registrars=0
    ) as platform:
        yield platform


def from_address(platform: RunningPlatform, address: str) -> httpx.Client:
    """A client whose connections come from ``address`` (any 127.x address is this machine)."""
    return httpx.Client(
        base_url=platform.api_url, timeout=60, transport=httpx.HTTPTransport(local_address=address)
    )


def test_fifty_parallel_sign_ins_give_no_5xx_and_another_address_still_gets_in(
    api_only: RunningPlatform,
) -> None:
    target, target_password = api_only.create_user()
    colleague, colleague_password = api_only.create_user()
    start = threading.Barrier(BURST)

    def attempt(n: int) -> tuple[int, float]:
        # Right and wrong passwords, the target's and made-up names, all from one address.
        if n % 3 == 0:
            body = {"username": target, "password": target_password}
        elif n % 3 == 1:
            body = {"username": target, "password": f"wrong-{n}"}
        else:
            body = {"username": f"guess_{n}", "password": "wrong-password"}
        with from_address(api_only, "127.0.7.1") as client:
            start.wait()
            began = time.monotonic()
            status = client.post("/signin", json=body).status_code
            return status, time.monotonic() - began

    with ThreadPoolExecutor(BURST) as pool:
        burst = [pool.submit(attempt, n) for n in range(BURST)]
        time.sleep(0.3)  # the burst is under way
        with from_address(api_only, "127.0.8.1") as client:
            began = time.monotonic()
            legitimate = client.post(
                "/signin", json={"username": colleague, "password": colleague_password}
            )
            legitimate_s = time.monotonic() - began
        results = [future.result() for future in burst]

    statuses = sorted(status for status, _ in results)
    assert all(status in (200, 401, 429) for status in statuses), statuses
    assert max(seconds for _, seconds in results) < 20, results
    assert legitimate.status_code == 200, legitimate.text
    assert legitimate_s < 2.0, f"a sign-in from another address took {legitimate_s:.2f} s"
    # The API is still healthy and serves the colleague afterwards.
    with api_only.client(legitimate.json()["accessToken"]) as client:
        assert client.get("/api/me").status_code == 200
