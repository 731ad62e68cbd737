"""Response headers for medical data (issue 11): nothing cached, nothing sniffed, no referrer,
a CSP that allows nothing; the API's map (/docs, /openapi.json) hidden in production."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from luna_api.main import create_app
from tests.api.conftest import ADMIN, Account, make_settings


def _assert_hardened(headers: dict[str, str]) -> None:
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_sign_in_and_authenticated_answers_are_never_stored(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    account = new_account()
    answers = [
        client.post("/signin", json={"username": account.username, "password": account.password}),
        client.post("/signin", json={"username": account.username, "password": "wrong-pw"}),
        client.get("/api/me", headers=account.headers),
        client.get("/api/me/getAnalysisList", headers=account.headers),
        client.get("/api/getAnalysis/nothing-here", headers=account.headers),
        client.get("/api/me"),
        client.get("/health"),
    ]
    for answer in answers:
        _assert_hardened(dict(answer.headers))


def test_docs_are_served_in_development(client: TestClient) -> None:
    assert client.get("/openapi.json").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]


@pytest.mark.parametrize(("api_docs", "served"), [(None, False), (True, True)])
def test_docs_are_off_in_production_unless_turned_on(
    postgres_url: str, mongo_url: str, rabbitmq_url: str, api_docs: bool | None, served: bool
) -> None:
    settings = make_settings(
        postgres_url,
        mongo_url,
        rabbitmq_url,
        environment="production",
        admin_password=SecretStr(ADMIN["password"]),
        api_docs=api_docs,
    )
    with TestClient(create_app(settings)) as client:
        for path in ("/docs", "/openapi.json", "/redoc"):
            assert (client.get(path).status_code == 200) is served, path
        assert client.post("/signin", json=ADMIN).status_code == 200
