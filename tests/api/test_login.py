"""Signing in and out, tokens at the HTTP boundary, rate limiting, the audit trail."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from luna_api.core.config import ApiSettings
from luna_api.core.security import create_access_token
from luna_api.main import create_app
from luna_api.models import User
from tests.api.conftest import ADMIN, JWT_SECRET, Account, make_settings


def test_admin_signs_in_with_the_settings_password(client: TestClient) -> None:
    answer = client.post("/signin", json=ADMIN)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {
        "id",
        "username",
        "email",
        "roles",
        "accessToken",
        "tokenType",
        "expiresIn",
        "mustChangePassword",
    }
    assert body["username"] == "admin" and body["roles"] == ["admin"]
    assert body["tokenType"] == "bearer" and body["expiresIn"] == 3600
    assert body["mustChangePassword"] is False
    me = client.get("/api/me", headers={"Authorization": f"Bearer {body['accessToken']}"})
    assert me.json() == {
        "id": body["id"],
        "username": "admin",
        "email": "admin@luna.test",
        "roles": ["admin"],
    }


def test_unknown_user_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    unknown = client.post("/signin", json={"username": "nobody-here", "password": "whatever1"})
    wrong = client.post("/signin", json={"username": "admin", "password": "wrong-password"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == {"detail": "Invalid username or password"}


def test_logout_revokes_the_token(client: TestClient, new_account: Callable[..., Account]) -> None:
    account = new_account()
    assert client.get("/api/me", headers=account.headers).status_code == 200
    assert client.post("/logout", headers=account.headers).status_code == 200
    after = client.get("/api/me", headers=account.headers)
    assert after.status_code == 401 and "revoked" in after.json()["detail"]
    assert client.post("/logout", headers=account.headers).status_code == 401


def test_expired_token_is_refused(client: TestClient, new_account: Callable[..., Account]) -> None:
    account = new_account()
    token, _ = create_access_token(
        user_id=account.id,
        key=JWT_SECRET,
        expires_in=timedelta(minutes=1),
        now=datetime.now(UTC) - timedelta(minutes=10),
    )
    answer = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json() == {"detail": "The access token has expired"}
    assert answer.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not.a.token", "Basic YWRtaW46YWRtaW4="])
def test_missing_or_malformed_token_is_401_with_json(
    client: TestClient, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    answer = client.get("/api/me", headers=headers)
    assert answer.status_code == 401
    assert isinstance(answer.json()["detail"], str) and answer.json()["detail"]


def test_token_of_a_deleted_user_is_refused(
    client: TestClient, new_account: Callable[..., Account], users_db: Engine
) -> None:
    account = new_account()
    with users_db.begin() as conn:
        conn.execute(delete(User).where(User.id == account.id))
    answer = client.get("/api/me", headers=account.headers)
    assert answer.status_code == 401 and "no longer exists" in answer.json()["detail"]


def test_first_admin_is_created_once(
    postgres_url: str, mongo_url: str, rabbitmq_url: str, app: FastAPI
) -> None:
    settings: ApiSettings = make_settings(
        postgres_url,
        mongo_url,
        rabbitmq_url,
        admin_username="second_admin",
        admin_email="second@luna.test",
    )
    with TestClient(create_app(settings)) as other:
        answer = other.post(
            "/signin", json={"username": "second_admin", "password": ADMIN["password"]}
        )
        assert answer.status_code == 401  # an admin existed already: no second one was made


def test_audit_log_has_pseudonyms_never_secrets(
    client: TestClient, new_account: Callable[..., Account], caplog: pytest.LogCaptureFixture
) -> None:
    account = new_account()
    with caplog.at_level(logging.INFO, logger="luna.audit"):
        signed = client.post(
            "/signin", json={"username": account.username, "password": account.password}
        )
        client.post("/signin", json={"username": account.username, "password": "bad-password"})
    token = signed.json()["accessToken"]
    lines = [r.getMessage() for r in caplog.records if r.name == "luna.audit"]
    assert any(
        "action=signin outcome=success" in line and account.pseudonym in line for line in lines
    )
    assert any(
        "action=signin outcome=failure" in line and account.pseudonym in line for line in lines
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert account.password not in text and token not in text and account.username not in text
