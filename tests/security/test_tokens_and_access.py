"""Tokens that must not work, and users who must not see each other's analyses."""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from luna_testing.photos import lesion_jpeg
from tests.security.conftest import Account, SecurityRig, random_id

pytestmark = pytest.mark.e2e


def _secret(rig: SecurityRig) -> str:
    return rig.platform.jwt_secret


def _user_id(rig: SecurityRig, account: Account) -> int:
    return rig.sql('select id from "user" where username = %s', account.username)[0][0]


def _claims(user_id: int, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": uuid.uuid4().hex,
    }
    claims.update(overrides)
    return claims


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _refused(rig: SecurityRig, token: str) -> None:
    with rig.client(token) as client:
        for path in ("/api/me", "/api/me/getAnalysisList"):
            response = client.get(path)
            assert response.status_code == 401, (path, response.text)
            assert response.headers.get("www-authenticate", "").startswith("Bearer")
            assert "Traceback" not in response.text


def test_a_tampered_signature_is_refused(security_rig: SecurityRig, alice: Account) -> None:
    head, body, signature = alice.token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    _refused(security_rig, f"{head}.{body}.{flipped}")
    # Someone else's user id under alice's signature.
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = "1"
    _refused(security_rig, f"{head}.{_b64url(json.dumps(claims).encode())}.{signature}")


def test_alg_none_and_a_foreign_key_are_refused(security_rig: SecurityRig, alice: Account) -> None:
    uid = _user_id(security_rig, alice)
    payload = json.dumps(_claims(uid), default=lambda d: int(d.timestamp())).encode()
    for alg in ("none", "None", "NONE"):
        header = _b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        _refused(security_rig, f"{header}.{_b64url(payload)}.")
    _refused(security_rig, jwt.encode(_claims(uid), "another-key-" + "x" * 40, algorithm="HS256"))
    _refused(security_rig, jwt.encode(_claims(uid), _secret(security_rig), algorithm="HS512"))


def test_an_expired_token_is_refused(security_rig: SecurityRig, alice: Account) -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    expired = jwt.encode(
        _claims(_user_id(security_rig, alice), iat=past, exp=past + timedelta(minutes=5)),
        _secret(security_rig),
        algorithm="HS256",
    )
    _refused(security_rig, expired)


@pytest.mark.parametrize(
    "token", ["x", "a.b.c", "Bearer", "null", "e30.e30.", "😀".encode(), "ä" * 5000]
)
def test_garbage_tokens_are_refused(security_rig: SecurityRig, token: str | bytes) -> None:
    value = b"Bearer " + (token if isinstance(token, bytes) else token.encode("latin-1", "replace"))
    with security_rig.client() as client:
        response = client.get("/api/me", headers={"Authorization": value})
    assert response.status_code == 401, response.text


def test_a_token_used_after_logout_is_refused(security_rig: SecurityRig) -> None:
    account = security_rig.new_account()
    with security_rig.client(account.token) as client:
        assert client.get("/api/me").status_code == 200
        assert client.post("/logout").status_code == 200
    _refused(security_rig, account.token)
    with security_rig.client(account.token) as client:
        assert client.post("/logout").status_code == 401


def test_a_token_of_a_deleted_user_is_refused(security_rig: SecurityRig) -> None:
    account = security_rig.new_account()
    security_rig.sql('delete from "user" where username = %s', account.username)
    _refused(security_rig, account.token)


def test_a_user_token_on_admin_endpoints_is_403(security_rig: SecurityRig, alice: Account) -> None:
    with security_rig.client(alice.token) as client:
        response = client.post(
            "/api/auth/signup",
            json={
                "username": "escalated",
                "email": "esc@clinic.test",
                "password": "long-enough-pw",
                "roles": ["admin"],
            },
        )
    assert response.status_code == 403, response.text
    assert security_rig.sql('select count(*) from "user" where username = %s', "escalated") == [
        (0,)
    ]


def test_another_users_analysis_is_404_exactly_like_one_that_does_not_exist(
    security_rig: SecurityRig, alice: Account, bob: Account
) -> None:
    with security_rig.client(alice.token) as client:
        created = client.post(
            "/api/imageProcess",
            json={
                "image": base64.b64encode(lesion_jpeg(64, 64)).decode(),
                "description": "alice's",
            },
        )
        assert created.status_code == 202
        alices = created.json()["id"]
    with security_rig.client(bob.token) as client:
        theirs = client.get(f"/api/getAnalysis/{alices}")
        nowhere = client.get(f"/api/getAnalysis/{random_id()}")
        assert theirs.status_code == nowhere.status_code == 404
        assert theirs.json() == nowhere.json()
        listing = client.get("/api/me/getAnalysisList", params={"pageSize": 100}).json()
        assert alices not in {item["id"] for item in listing["items"]}
        assert listing["total"] == security_rig.stored_for(bob)
        # Guessing: ids shaped like real ones never hit anything.
        for _ in range(50):
            assert client.get(f"/api/getAnalysis/{secrets.token_hex(16)}").status_code == 404
        assert "alice's" not in json.dumps(listing)


def test_missing_or_malformed_authorization_is_401(security_rig: SecurityRig) -> None:
    with security_rig.client() as client:
        for headers in (
            {},
            {"Authorization": "Basic YWRtaW46YWRtaW4="},
            {"Authorization": "Bearer"},
        ):
            assert client.get("/api/me/getAnalysisList", headers=headers).status_code == 401
            assert (
                client.post("/api/imageProcess", json={"image": "x"}, headers=headers).status_code
                == 401
            )
