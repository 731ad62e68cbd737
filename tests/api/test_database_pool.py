"""A request that cannot get a pooled connection in time is a 503, like any database outage
(defect 1 of issue 11: it hung for 30 s and then answered 500)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luna_api.main import create_app
from tests.api.conftest import ADMIN, make_settings


@pytest.fixture(scope="module")
def small_pool_app(
    postgres_url: str, mongo_url: str, rabbitmq_url: str, app: FastAPI
) -> Iterator[FastAPI]:
    settings = make_settings(
        postgres_url,
        mongo_url,
        rabbitmq_url,
        database_pool_size=2,
        database_pool_overflow=0,
        database_pool_timeout_seconds=1,
    )
    application = create_app(settings)
    with TestClient(application):
        yield application


def test_an_exhausted_pool_answers_503_quickly(small_pool_app: FastAPI) -> None:
    client = TestClient(small_pool_app)
    token = client.post("/signin", json=ADMIN).json()["accessToken"]
    engine = small_pool_app.state.runtime.engine
    held = [engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]  # type: ignore[attr-defined]
    try:
        began = time.monotonic()
        answer = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        waited = time.monotonic() - began
        assert answer.status_code == 503, answer.text
        assert answer.json() == {"detail": "The users database is unavailable; try again later"}
        assert waited < 10
    finally:
        for connection in held:
            connection.close()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
