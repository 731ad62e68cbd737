"""Registration by an admin and the caller's own account."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.conftest import Account


def _new_user_body(**overrides: object) -> dict[str, object]:
    name = f"doc_{uuid.uuid4().hex[:8]}"
    return {
        "username": name,
        "email": f"{name}@clinic.test",
        "password": "a-long-password",
    } | overrides


def test_admin_registers_a_user_who_can_sign_in(
    client: TestClient, admin_headers: dict[str, str], users_db: Engine
) -> None:
    body = _new_user_body()
    created = client.post("/api/auth/signup", json=body, headers=admin_headers)
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "username": body["username"],
        "email": body["email"],
        "roles": ["user"],
    }
    signed_in = client.post(
        "/signin", json={"username": body["username"], "password": body["password"]}
    )
    assert signed_in.status_code == 200 and signed_in.json()["roles"] == ["user"]
    with users_db.connect() as conn:
        row = conn.execute(
            text('SELECT password_hash, pseudonym FROM "user" WHERE username = :u'),
            {"u": body["username"]},
        ).one()
    assert row.password_hash.startswith("$argon2id$") and body["password"] not in row.password_hash
    assert uuid.UUID(row.pseudonym)  # a random UUID, unrelated to the username


def test_admin_can_register_another_admin(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/auth/signup", json=_new_user_body(roles=["admin", "user"]), headers=admin_headers
    )
    assert created.status_code == 201 and created.json()["roles"] == ["admin", "user"]


def test_non_admin_cannot_register(client: TestClient, new_account: Callable[..., Account]) -> None:
    account = new_account()
    answer = client.post("/api/auth/signup", json=_new_user_body(), headers=account.headers)
    assert answer.status_code == 403 and "admin" in answer.json()["detail"]


def test_signup_needs_a_token(client: TestClient) -> None:
    assert client.post("/api/auth/signup", json=_new_user_body()).status_code == 401


def test_duplicate_username_or_email_is_409(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    body = _new_user_body()
    assert client.post("/api/auth/signup", json=body, headers=admin_headers).status_code == 201
    same_name = _new_user_body(username=body["username"])
    same_email = _new_user_body(email=str(body["email"]).upper())
    for duplicate in (same_name, same_email):
        answer = client.post("/api/auth/signup", json=duplicate, headers=admin_headers)
        assert answer.status_code == 409
        assert answer.json() == {"detail": "A user with this username or email already exists"}


def test_signup_validation_errors_name_the_field(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    cases = {
        "password": _new_user_body(password="short"),
        "email": _new_user_body(email="not-an-email"),
        "roles": _new_user_body(roles=["superuser"]),
        "username": _new_user_body(username="has spaces"),
    }
    for field, body in cases.items():
        answer = client.post("/api/auth/signup", json=body, headers=admin_headers)
        assert answer.status_code == 422, field
        assert (
            answer.json()["detail"].startswith("Invalid request: ")
            and field in answer.json()["detail"]
        )


def test_me_returns_the_callers_account(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    account = new_account()
    me = client.get("/api/me", headers=account.headers).json()
    assert me == {
        "id": account.id,
        "username": account.username,
        "email": f"{account.username}@clinic.test",
        "roles": ["user"],
    }
