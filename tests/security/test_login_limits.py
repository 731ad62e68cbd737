"""Sign-in throttling (defect 2 of issue 11): keyed on (username, client address), with a
Retry-After that grows, a much higher ceiling per address, and an atomic count.

Five wrong passwords from anywhere used to lock an account for everyone (the right password
got 429 too), everyone behind one address shared five failures, and parallel guesses raced
past the limit. Answers never reveal who exists, and the server never sleeps to slow anyone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from luna_api.core.config import ApiSettings
from luna_testing.platform import RunningPlatform, isolated_platform

pytestmark = pytest.mark.e2e
MAX_FAILURES = 5  # the shipped default: "from the 5th failure of a pair"
PER_ADDRESS = 20


@pytest.fixture(scope="module")
def api_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """An API of its own (no workers) in two processes, which must share one count."""
    with isolated_platform(
        Path(tmp_path_factory.mktemp("login-logs")),
        analyzers=0,
        registrars=0,
        extra_env=ApiSettings.environment_for(
            login_max_failures_per_address=PER_ADDRESS, api_workers=2
        ),
    ) as platform:
        yield platform


def from_address(platform: RunningPlatform, address: str) -> httpx.Client:
    """A client whose connections come from ``address`` (any 127.x address is this machine)."""
    return httpx.Client(
        base_url=platform.api_url, timeout=30, transport=httpx.HTTPTransport(local_address=address)
    )


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/signin", json={"username": username, "password": password})


def test_an_unknown_username_and_a_wrong_password_get_the_same_answer(
    api_only: RunningPlatform,
) -> None:
    username, _ = api_only.create_user()
    with from_address(api_only, "127.0.0.11") as client:
        wrong_password = sign_in(client, username, "not-the-password")
    with from_address(api_only, "127.0.0.12") as client:
        unknown_user = sign_in(client, "nobody_" + username, "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert dict(wrong_password.headers).keys() == dict(unknown_user.headers).keys()


def test_from_the_fifth_failure_the_pair_gets_429_with_a_growing_retry_after(
    api_only: RunningPlatform,
) -> None:
    username, password = api_only.create_user()
    with from_address(api_only, "127.0.1.1") as client:
        for _ in range(MAX_FAILURES):
            assert sign_in(client, username, "wrong").status_code == 401
        waits = []
        for _ in range(4):
            began = time.monotonic()
            refused = sign_in(client, username, "wrong")
            assert time.monotonic() - began < 1.0  # refused at once, never by sleeping
            assert refused.status_code == 429, refused.text
            assert "accessToken" not in refused.text
            waits.append(int(refused.headers["Retry-After"]))
        assert waits == sorted(waits) and waits[-1] > waits[0] >= 1, waits
        # While the pair waits, even the right password from this address waits.
        assert sign_in(client, username, password).status_code == 429


def test_a_right_password_from_an_address_that_did_not_fail_is_never_refused(
    api_only: RunningPlatform,
) -> None:
    username, password = api_only.create_user()
    with from_address(api_only, "127.0.2.1") as attacker:
        for _ in range(MAX_FAILURES + 3):
            assert sign_in(attacker, username, "wrong").status_code in (401, 429)
        assert sign_in(attacker, username, "wrong").status_code == 429
    with from_address(api_only, "127.0.2.2") as clinician:
        assert sign_in(clinician, username, password).status_code == 200


def test_colleagues_behind_one_address_do_not_share_five_failures(
    api_only: RunningPlatform,
) -> None:
    """A clinic's NAT: five colleagues mistype twice each, then all get in."""
    colleagues = [api_only.create_user() for _ in range(5)]
    with from_address(api_only, "127.0.3.1") as clinic:
        for username, _ in colleagues:
            for _ in range(2):
                assert sign_in(clinic, username, "typo").status_code == 401
        for username, password in colleagues:
            assert sign_in(clinic, username, password).status_code == 200


def test_a_right_password_clears_the_pairs_failures(api_only: RunningPlatform) -> None:
    username, password = api_only.create_user()
    with from_address(api_only, "127.0.4.1") as client:
        for _ in range(MAX_FAILURES - 1):
            assert sign_in(client, username, "wrong").status_code == 401
        assert sign_in(client, username, password).status_code == 200
        for _ in range(MAX_FAILURES - 1):
            assert sign_in(client, username, "wrong").status_code == 401


def test_one_address_spraying_many_usernames_meets_a_higher_ceiling(
    api_only: RunningPlatform,
) -> None:
    username, password = api_only.create_user()
    with from_address(api_only, "127.0.5.1") as sprayer:
        statuses = [sign_in(sprayer, f"spray_{n}", "wrong").status_code for n in range(PER_ADDRESS)]
        assert statuses == [401] * PER_ADDRESS  # one failure per name: far from a pair's limit
        assert sign_in(sprayer, "spray_new", "wrong").status_code == 429
        assert sign_in(sprayer, username, password).status_code == 429
    with from_address(api_only, "127.0.5.2") as other:
        assert sign_in(other, username, password).status_code == 200


def test_parallel_guesses_cannot_race_past_the_limit(api_only: RunningPlatform) -> None:
    username, _ = api_only.create_user()

    def guess(n: int) -> int:
        with from_address(api_only, "127.0.6.1") as client:
            return sign_in(client, username, f"guess-{n}").status_code

    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(guess, range(30)))
    assert set(statuses) <= {401, 429}, statuses
    # Only the first MAX_FAILURES guesses were ever checked against the password.
    assert 1 <= statuses.count(401) <= MAX_FAILURES, statuses


def test_unknown_usernames_are_limited_exactly_like_real_ones(api_only: RunningPlatform) -> None:
    real, _ = api_only.create_user()
    answers = {}
    for name, address in ((real, "127.0.7.1"), ("ghost_" + real, "127.0.7.2")):
        with from_address(api_only, address) as client:
            answers[name] = [
                sign_in(client, name, "wrong").status_code for _ in range(MAX_FAILURES + 1)
            ]
    assert answers[real] == answers["ghost_" + real] == [401] * MAX_FAILURES + [429]
