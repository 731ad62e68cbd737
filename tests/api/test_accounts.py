"""The account lifecycle (issue 11): admins list, disable, enable and re-role accounts and set
temporary passwords; everyone changes their own password; the password rules hold."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luna_api.main import create_app
from luna_testing import services
from tests.api.conftest import ADMIN, Account, make_settings


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _sign_in(client: TestClient, username: str, password: str) -> dict:  # type: ignore[type-arg]
    answer = client.post("/signin", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_admins_list_accounts_with_roles_flags_and_dates(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    listed = client.get("/api/users", headers=admin_headers)
    assert listed.status_code == 200
    mine = next(u for u in listed.json() if u["id"] == account.id)
    assert mine["username"] == account.username and mine["roles"] == ["user"]
    assert mine["active"] is True and mine["mustChangePassword"] is False
    assert mine["createdAt"] and mine["lastSignInAt"]  # new_account signed in once
    assert "argon2" not in str(listed.json()) and "passwordHash" not in str(listed.json())
    assert client.get("/api/users", headers=account.headers).status_code == 403
    assert client.get("/api/users").status_code == 401


def test_disabling_stops_every_token_at_once_and_enabling_lets_the_user_back(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    second = _sign_in(client, account.username, account.password)["accessToken"]
    disabled = client.patch(
        f"/api/users/{account.id}", json={"active": False}, headers=admin_headers
    )
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    for headers in (account.headers, _bearer(second)):
        assert client.get("/api/me", headers=headers).status_code == 401
    refused = client.post(
        "/signin", json={"username": account.username, "password": account.password}
    )
    assert refused.status_code == 401
    enabled = client.patch(f"/api/users/{account.id}", json={"active": True}, headers=admin_headers)
    assert enabled.status_code == 200 and enabled.json()["active"] is True
    assert client.get("/api/me", headers=account.headers).status_code == 401  # still revoked
    token = _sign_in(client, account.username, account.password)["accessToken"]
    assert client.get("/api/me", headers=_bearer(token)).status_code == 200


def test_admins_set_roles(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    changed = client.patch(
        f"/api/users/{account.id}", json={"roles": ["user", "dermatologist"]}, headers=admin_headers
    )
    assert changed.status_code == 200 and changed.json()["roles"] == ["dermatologist", "user"]
    assert client.get("/api/me", headers=account.headers).json()["roles"] == [
        "dermatologist",
        "user",
    ]
    for body in ({"roles": ["superuser"]}, {"roles": []}, {}, {"active": "maybe"}, {"x": 1}):
        answer = client.patch(f"/api/users/{account.id}", json=body, headers=admin_headers)
        assert answer.status_code == 422, (body, answer.text)
    assert (
        client.patch("/api/users/999999", json={"active": False}, headers=admin_headers).status_code
        == 404
    )
    assert (
        client.patch(
            f"/api/users/{account.id}", json={"active": False}, headers=account.headers
        ).status_code
        == 403
    )


def test_changing_ones_password_revokes_earlier_tokens(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    account = new_account()
    new_password = f"new-{uuid.uuid4().hex}"
    wrong = client.post(
        "/api/me/password",
        json={"currentPassword": "not-it-at-all", "newPassword": new_password},
        headers=account.headers,
    )
    assert wrong.status_code == 403
    for weak in ("short", "password1234", account.username, f"{account.username}@clinic.test"):
        answer = client.post(
            "/api/me/password",
            json={"currentPassword": account.password, "newPassword": weak},
            headers=account.headers,
        )
        assert answer.status_code == 422, (weak, answer.text)
    changed = client.post(
        "/api/me/password",
        json={"currentPassword": account.password, "newPassword": new_password},
        headers=account.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["mustChangePassword"] is False
    assert client.get("/api/me", headers=account.headers).status_code == 401
    assert client.get("/api/me", headers=_bearer(changed.json()["accessToken"])).status_code == 200
    old = client.post("/signin", json={"username": account.username, "password": account.password})
    assert old.status_code == 401
    _sign_in(client, account.username, new_password)


def test_a_temporary_password_must_be_changed_at_next_sign_in(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    temporary = f"temp-{uuid.uuid4().hex}"
    answer = client.post(
        f"/api/users/{account.id}/password", json={"password": temporary}, headers=admin_headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"temporaryPassword": temporary, "mustChangePassword": True}
    assert client.get("/api/me", headers=account.headers).status_code == 401  # sessions end
    signed_in = _sign_in(client, account.username, temporary)
    assert signed_in["mustChangePassword"] is True
    headers = _bearer(signed_in["accessToken"])
    assert client.get("/api/me", headers=headers).status_code == 200
    blocked = client.get("/api/me/getAnalysisList", headers=headers)
    assert blocked.status_code == 403 and "/api/me/password" in blocked.json()["detail"]
    assert client.post("/api/imageProcess", json={"image": "x"}, headers=headers).status_code == 403
    final = f"final-{uuid.uuid4().hex}"
    changed = client.post(
        "/api/me/password",
        json={"currentPassword": temporary, "newPassword": final},
        headers=headers,
    )
    assert changed.status_code == 200 and changed.json()["mustChangePassword"] is False
    fresh = _bearer(changed.json()["accessToken"])
    assert client.get("/api/me/getAnalysisList", headers=fresh).status_code == 200
    assert _sign_in(client, account.username, final)["mustChangePassword"] is False


def test_a_temporary_password_can_be_made_by_the_api(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    answer = client.post(f"/api/users/{account.id}/password", headers=admin_headers)
    assert answer.status_code == 200
    temporary = answer.json()["temporaryPassword"]
    assert len(temporary) >= 12
    assert _sign_in(client, account.username, temporary)["mustChangePassword"] is True
    weak = client.post(
        f"/api/users/{account.id}/password",
        json={"password": "qwerty123456"},
        headers=admin_headers,
    )
    assert weak.status_code == 422
    assert client.post(
        f"/api/users/{account.id}/password", headers=account.headers
    ).status_code in (
        401,
        403,
    )


@pytest.mark.parametrize(
    "password", ["eleven-char", "password1234", "1q2w3e4r5t6y", "SAME_AS_NAME", "mail-as-pw"]
)
def test_signup_keeps_the_password_rules(
    client: TestClient, admin_headers: dict[str, str], password: str
) -> None:
    name = f"rules_{uuid.uuid4().hex[:8]}"
    email = f"{name}@clinic.test"
    if password == "SAME_AS_NAME":
        password = name.upper()
    if password == "mail-as-pw":
        password = email
    answer = client.post(
        "/api/auth/signup",
        json={"username": name, "email": email, "password": password},
        headers=admin_headers,
    )
    assert answer.status_code == 422, answer.text
    assert "password" in answer.json()["detail"].lower()


@pytest.fixture
def lone_admin_app(mongo_url: str, rabbitmq_url: str) -> Iterator[FastAPI]:
    """An API on a users database of its own, whose only admin is the first one."""
    with services.postgres_database() as postgres_url:
        application = create_app(make_settings(postgres_url, mongo_url, rabbitmq_url))
        with TestClient(application):
            yield application


def test_the_last_active_admin_cannot_be_disabled_or_demoted(lone_admin_app: FastAPI) -> None:
    client = TestClient(lone_admin_app)
    signed_in = _sign_in(client, ADMIN["username"], ADMIN["password"])
    headers, admin_id = _bearer(signed_in["accessToken"]), signed_in["id"]
    for body in ({"active": False}, {"roles": ["user"]}):
        refused = client.patch(f"/api/users/{admin_id}", json=body, headers=headers)
        assert refused.status_code == 409, refused.text
    # With a second active admin, the first may step down.
    second = client.post(
        "/api/auth/signup",
        json={
            "username": "second_admin",
            "email": "second@luna.test",
            "password": "second-admin-password",
            "roles": ["admin"],
        },
        headers=headers,
    )
    assert second.status_code == 201
    stepped_down = client.patch(f"/api/users/{admin_id}", json={"roles": ["user"]}, headers=headers)
    assert stepped_down.status_code == 200 and stepped_down.json()["roles"] == ["user"]
    other = _bearer(_sign_in(client, "second_admin", "second-admin-password")["accessToken"])
    last = client.patch(f"/api/users/{second.json()['id']}", json={"active": False}, headers=other)
    assert last.status_code == 409
