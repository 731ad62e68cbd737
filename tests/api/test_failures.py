"""Errors at the boundary and services that are away: always JSON, never a stack trace."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

import psycopg
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pymongo.database import Database
from sqlalchemy.engine import Engine

from luna_api.main import create_app
from luna_common import analysis_record
from luna_testing import services
from tests.api import images
from tests.api.conftest import ADMIN, Account, make_settings, pseudonym_of


def _admin_headers(client: TestClient) -> dict[str, str]:
    token = client.post("/signin", json=ADMIN).json()["accessToken"]
    return {"Authorization": f"Bearer {token}"}


def test_malformed_json_is_400_with_a_clear_message(client: TestClient) -> None:
    answer = client.post(
        "/signin", content=b'{"username": "admin", ', headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": "The request body is not valid JSON"}


def test_missing_fields_are_422_naming_them(client: TestClient) -> None:
    answer = client.post("/signin", json={})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "username: Field required" in detail
    assert "password: Field required" in detail


def test_wrong_types_are_422(client: TestClient, new_account: Callable[..., Account]) -> None:
    answer = client.post("/api/imageProcess", json={"image": 42}, headers=new_account().headers)
    assert answer.status_code == 422 and "image" in answer.json()["detail"]


def test_unknown_path_is_json_404(client: TestClient) -> None:
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404 and answer.json() == {"detail": "Not Found"}


def test_health_reports_every_service(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "postgres": True, "mongo": True, "broker": True}


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/signin",
        "/logout",
        "/api/auth/signup",
        "/api/imageProcess",
        "/api/me/getAnalysisList",
        "/api/getAnalysis/{analysis_id}",
        "/api/me",
    } <= set(paths)


def test_cors_allows_the_app_origin_only(client: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    allowed = client.options(
        "/api/imageProcess", headers={"Origin": "http://localhost:8100", **preflight}
    )
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:8100"
    refused = client.options(
        "/api/imageProcess", headers={"Origin": "http://evil.test", **preflight}
    )
    assert "access-control-allow-origin" not in refused.headers


def test_oversized_bodies_and_images_are_413(
    postgres_url: str, mongo_url: str, rabbitmq_url: str, app: FastAPI
) -> None:
    settings = make_settings(postgres_url, mongo_url, rabbitmq_url, max_image_bytes=20_000)
    with TestClient(create_app(settings)) as small:
        headers = _admin_headers(small)
        # Declared too big: refused from Content-Length, before the body is read.
        huge = b'{"image": "' + b"A" * 60_000 + b'"}'
        answer = small.post(
            "/api/imageProcess",
            content=huge,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert answer.status_code == 413 and "request body" in answer.json()["detail"]

        # Chunked, without Content-Length: counted while it streams.
        def chunks():  # type: ignore[no-untyped-def]
            yield b'{"image": "'
            for _ in range(15):
                yield b"A" * 4_000
            yield b'"}'

        answer = small.post(
            "/api/imageProcess",
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
        )
        assert answer.status_code == 413 and "request body" in answer.json()["detail"]

        # Under the body limit, but the decoded image is over max_image_bytes.
        image = base64.b64encode(os.urandom(21_000)).decode()
        answer = small.post("/api/imageProcess", json={"image": image}, headers=headers)
        assert answer.status_code == 413 and "20000 bytes" in answer.json()["detail"]


def test_broker_unreachable_is_503_and_nothing_is_stored(
    postgres_url: str, mongo_url: str, mongo: Database, users_db: Engine, app: FastAPI
) -> None:
    closed = f"amqp://guest:guest@127.0.0.1:{services.free_port()}/%2F"
    with TestClient(create_app(make_settings(postgres_url, mongo_url, closed))) as broken:
        before = mongo[analysis_record.COLLECTION].count_documents({})
        answer = broken.post(
            "/api/imageProcess",
            json={"image": images.b64(images.jpeg_bytes())},
            headers=_admin_headers(broken),
        )
        assert answer.status_code == 503
        assert answer.json() == {"detail": "The analysis queue is unavailable; try again later"}
        assert mongo[analysis_record.COLLECTION].count_documents({}) == before
        assert (
            mongo[analysis_record.COLLECTION].count_documents(
                {"userId": pseudonym_of(users_db, "admin")}
            )
            == 0
        )
        health = broken.get("/health")
        assert health.status_code == 503 and health.json()["broker"] is False


def test_mongo_unreachable_is_503(postgres_url: str, rabbitmq_url: str, app: FastAPI) -> None:
    closed = f"mongodb://127.0.0.1:{services.free_port()}/?directConnection=true"
    with TestClient(create_app(make_settings(postgres_url, closed, rabbitmq_url))) as broken:
        headers = _admin_headers(broken)
        answer = broken.post(
            "/api/imageProcess", json={"image": images.b64(images.png_bytes())}, headers=headers
        )
        assert answer.status_code == 503
        assert answer.json() == {"detail": "The results database is unavailable; try again later"}


def test_postgres_gone_is_503_with_a_clear_message(mongo_url: str, rabbitmq_url: str) -> None:
    with services.postgres_database() as url:
        client = TestClient(create_app(make_settings(url, mongo_url, rabbitmq_url)))
        with client:
            headers = _admin_headers(client)
            name = url.rsplit("/", 1)[1]
            with psycopg.connect(services.POSTGRES_ADMIN_DSN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for answer in (
                client.post("/signin", json=ADMIN),
                client.get("/api/me", headers=headers),
            ):
                assert answer.status_code == 503
                assert answer.json() == {
                    "detail": "The users database is unavailable; try again later"
                }
            health = client.get("/health")
            assert health.status_code == 503 and health.json()["postgres"] is False
