"""Failed sign-ins are limited per username and per client; answers never reveal who exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from luna_api.core.config import ApiSettings
from luna_testing.platform import RunningPlatform, isolated_platform

pytestmark = pytest.mark.e2e
MAX_FAILURES = 3


@pytest.fixture(scope="module")
def api_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """An API of its own (no workers) in two processes, which must share one failure count."""
    with isolated_platform(
        Path(tmp_path_factory.mktemp("login-logs")),
        analyzers=0,
        registrars=0,
        extra_env=ApiSettings.environment_for(login_max_failures=MAX_FAILURES, api_workers=2),
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


def test_failures_are_limited_per_username_across_clients(api_only: RunningPlatform) -> None:
    username, password = api_only.create_user()
    for n in range(MAX_FAILURES):  # one failure from each of several clients
        with from_address(api_only, f"127.0.1.{n + 1}") as client:
            assert sign_in(client, username, "wrong").status_code == 401
    with from_address(api_only, "127.0.1.100") as client:
        blocked = sign_in(client, username, password)  # even the right password, for now
        assert blocked.status_code == 429, blocked.text
        assert int(blocked.headers["Retry-After"]) >= 1
        assert "accessToken" not in blocked.text
        other_username, other_password = api_only.create_user()
        assert sign_in(client, other_username, other_password).status_code == 200


def test_failures_are_limited_per_client_across_usernames(api_only: RunningPlatform) -> None:
    username, password = api_only.create_user()
    with from_address(api_only, "127.0.2.1") as client:
        for n in range(MAX_FAILURES):
            assert sign_in(client, f"guess_{n}", "wrong").status_code == 401
        assert sign_in(client, username, password).status_code == 429
    with from_address(api_only, "127.0.2.2") as client:
        assert sign_in(client, username, password).status_code == 200


def test_unknown_usernames_are_limited_exactly_like_real_ones(api_only: RunningPlatform) -> None:
    real, _ = api_only.create_user()
    answers = {}
    for name, address_base in ((real, "127.0.3"), ("ghost_" + real, "127.0.4")):
        statuses = []
        for n in range(MAX_FAILURES + 1):
            with from_address(api_only, f"{address_base}.{n + 1}") as client:
                statuses.append(sign_in(client, name, "wrong").status_code)
        answers[name] = statuses
    assert answers[real] == answers["ghost_" + real] == [401] * MAX_FAILURES + [429]
