"""Defect 5 of issue 11: inputs at the edge of their types answered 500.

Dates whose time zone pushes them past year 9999 or before year 1, and a validly signed token
whose ``sub`` is a 40-digit number, are now 422 and 401."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.security.conftest import Account, SecurityRig

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "params",
    [
        {"dateFrom": "9999-12-31T23:59:59-05:00"},
        {"dateTo": "0001-01-01T00:00:00+05:00"},
        {"dateFrom": "0001-01-01T00:00:00+23:59"},
        {"dateTo": "9999-12-31T23:59:59.999999-23:59"},
        {"dateTo": "9999-12-31"},
    ],
)
def test_dates_past_the_calendar_are_422(
    security_rig: SecurityRig, alice: Account, params: dict[str, str]
) -> None:
    with security_rig.client(alice.token) as client:
        response = client.get("/api/me/getAnalysisList", params=params)
    assert response.status_code == 422, response.text
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize("sub", ["9" * 40, "1" + "0" * 39, "-1", "0", str(2**31), str(2**63)])
def test_a_signed_token_with_an_impossible_user_id_is_401(
    security_rig: SecurityRig, sub: str
) -> None:
    now = datetime.now(UTC)
    token = jwt.encode(
        {"sub": sub, "iat": now, "exp": now + timedelta(minutes=5), "jti": uuid.uuid4().hex},
        security_rig.platform.jwt_secret,
        algorithm="HS256",
    )
    with security_rig.client(token) as client:
        for path in ("/api/me", "/api/me/getAnalysisList"):
            response = client.get(path)
            assert response.status_code == 401, (path, response.text)
