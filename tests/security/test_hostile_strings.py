"""Injection attempts, invalid ids, long and strange strings: refused or harmless, never a 500."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from luna_testing.photos import lesion_jpeg
from tests.security.conftest import Account, SecurityRig

pytestmark = pytest.mark.e2e

SQL_INJECTIONS = [
    "admin' --",
    "admin' OR '1'='1",
    '\' OR 1=1; DROP TABLE "user"; --',
    'admin"; SELECT pg_sleep(5); --',
    "%' OR username LIKE '%",
]
NOSQL_INJECTIONS = [{"$ne": None}, {"$gt": ""}, {"$regex": ".*"}, ["admin"], 1, True, None]


@pytest.mark.parametrize("attempt", SQL_INJECTIONS)
def test_sql_injection_in_sign_in_is_an_ordinary_failed_sign_in(
    security_rig: SecurityRig, attempt: str
) -> None:
    with security_rig.client() as client:
        for body in (
            {"username": attempt, "password": "x"},
            {"username": security_rig.platform.admin_username, "password": attempt},
        ):
            response = client.post("/signin", json=body)
            assert response.status_code == 401, response.text
            assert response.json() == {"detail": "Invalid username or password"}
    assert security_rig.sql('select count(*) from "user"')[0][0] >= 1  # the table is still there


@pytest.mark.parametrize("attempt", NOSQL_INJECTIONS, ids=repr)
def test_nosql_operators_in_sign_in_are_refused_by_the_schema(
    security_rig: SecurityRig, attempt: object
) -> None:
    with security_rig.client() as client:
        for body in (
            {"username": attempt, "password": "x"},
            {"username": security_rig.platform.admin_username, "password": attempt},
        ):
            response = client.post("/signin", json=body)
            assert response.status_code == 422, response.text
            assert "accessToken" not in response.text


@pytest.mark.parametrize("username", [*SQL_INJECTIONS, "a" * 65, "ab", "new\nline", "ad min"])
def test_hostile_usernames_cannot_be_registered(security_rig: SecurityRig, username: str) -> None:
    with security_rig.client(security_rig.platform.admin_token()) as admin:
        response = admin.post(
            "/api/auth/signup",
            json={"username": username, "email": "x@clinic.test", "password": "long-enough-pw"},
        )
    assert response.status_code == 422, response.text
    assert security_rig.sql('select count(*) from "user" where email = %s', "x@clinic.test") == [
        (0,)
    ]


BAD_IDS = [
    "' OR '1'='1",
    '{"$ne": null}',
    "[$ne]=1",
    "../../etc/passwd",
    "%00",
    "a" * 65,
    "null",
    "undefined",
    "0",
    "-1",
    "ObjectId('000000000000000000000000')",
    "*",
    ".*",
    "\u202eevil",
    "😀",
]


@pytest.mark.parametrize("analysis_id", BAD_IDS)
def test_ids_that_are_not_valid_ids_are_404_or_422_never_someone_elses(
    security_rig: SecurityRig, alice: Account, bob: Account, analysis_id: str
) -> None:
    with security_rig.client(bob.token) as client:
        created = client.post(
            "/api/imageProcess", json={"image": base64.b64encode(lesion_jpeg(64, 64)).decode()}
        )
        assert created.status_code == 202
    with security_rig.client(alice.token) as client:
        response = client.get(f"/api/getAnalysis/{quote(analysis_id, safe='')}")
    assert response.status_code in (404, 422), response.text
    assert bob.pseudonym not in response.text and "image" not in response.json()


FILTER_ATTEMPTS = [
    {"dateFrom": '{"$gt": ""}'},
    {"dateFrom": "1970-01-01", "dateTo": "9999-12-31"},
    {"dateFrom[$ne]": "1"},
    {"userId": "PLACEHOLDER"},
    {"userId[$ne]": "x"},
    {"dateFrom": "2020-01-01' OR '1'='1"},
    {"pageSize": "100000"},
    {"pageSize": "0"},
    {"page": "0"},
    {"page": "-1"},
    {"pageSize": "1e9"},
    {"dateFrom": "9999-99-99"},
]


@pytest.mark.parametrize("params", FILTER_ATTEMPTS, ids=str)
def test_list_filters_cannot_widen_the_query_to_other_users(
    security_rig: SecurityRig, alice: Account, bob: Account, params: dict[str, str]
) -> None:
    with security_rig.client(bob.token) as client:
        assert (
            client.post(
                "/api/imageProcess", json={"image": base64.b64encode(lesion_jpeg(64, 64)).decode()}
            ).status_code
            == 202
        )
    params = {k: (bob.pseudonym if v == "PLACEHOLDER" else v) for k, v in params.items()}
    with security_rig.client(alice.token) as client:
        response = client.get("/api/me/getAnalysisList", params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        page = response.json()
        mine = security_rig.stored_for(alice)
        assert page["total"] == mine and len(page["items"]) <= max(mine, 0)
    assert bob.pseudonym not in response.text


def test_descriptions_over_the_limit_are_refused_and_not_stored(
    security_rig: SecurityRig, alice: Account
) -> None:
    before = security_rig.all_records()
    image = base64.b64encode(lesion_jpeg(64, 64)).decode()
    with security_rig.client(alice.token) as client:
        too_long = client.post(
            "/api/imageProcess", json={"image": image, "description": "x" * 2001}
        )
        assert too_long.status_code == 422, too_long.text
        huge = client.post(
            "/api/imageProcess", json={"image": image, "description": "x" * 5_000_000}
        )
        assert huge.status_code in (413, 422), huge.text[:200]
        at_limit = client.post(
            "/api/imageProcess", json={"image": image, "description": "é" * 2000}
        )
        assert at_limit.status_code == 202, at_limit.text
    assert security_rig.all_records() == before + 1


UNICODE_DESCRIPTIONS = [
    "lesión en el hombro izquierdo — 3 mm",
    "皮膚病変 👩🏽‍⚕️🧬",
    "\u202eRTL override\u202c and zero\u200bwidth",
    "combining: e\u0301\u0301\u0301\u0301",
    "tab\tnew\nline\r",
    "<script>alert(1)</script>",
    '{"$set": {"status": "completed"}}',
]


@pytest.mark.parametrize("description", UNICODE_DESCRIPTIONS)
def test_unicode_descriptions_round_trip_exactly(
    security_rig: SecurityRig, alice: Account, description: str
) -> None:
    image = base64.b64encode(lesion_jpeg(64, 64)).decode()
    with security_rig.client(alice.token) as client:
        response = client.post(
            "/api/imageProcess", json={"image": image, "description": description}
        )
        assert response.status_code == 202, response.text
        stored = client.get(f"/api/getAnalysis/{response.json()['id']}").json()
    assert stored["description"] == description.strip()


def raw_json(**fields: str) -> dict[str, object]:
    """A request body with JSON escapes sent verbatim (a lone surrogate is valid JSON text)."""
    body = "{" + ", ".join(f'"{k}": "{v}"' for k, v in fields.items()) + "}"
    return {"content": body.encode(), "headers": {"Content-Type": "application/json"}}


@pytest.mark.parametrize(
    "description",
    [
        "NUL \\u0000 inside",
        pytest.param("lone surrogate \\ud800 inside", id="surrogate"),
    ],
)
def test_descriptions_that_cannot_be_stored_are_refused_cleanly(
    security_rig: SecurityRig, alice: Account, description: str
) -> None:
    before = security_rig.all_records()
    image = base64.b64encode(lesion_jpeg(64, 64)).decode()
    with security_rig.client(alice.token) as client:
        response = client.post(
            "/api/imageProcess", **raw_json(image=image, description=description)
        )
    assert response.status_code in (202, 422), response.text
    if response.status_code == 202:
        assert security_rig.all_records() == before + 1
    else:
        assert security_rig.all_records() == before


@pytest.mark.parametrize(
    "username",
    [
        pytest.param("admin\\u0000", id="nul"),
        pytest.param("lone\\ud800surrogate", id="surrogate"),
        pytest.param("ａｄｍｉｎ", id="fullwidth"),
        pytest.param("ADMIN", id="upper"),
        pytest.param(" admin ", id="padded"),
    ],
)
def test_unicode_edge_cases_in_sign_in_are_an_ordinary_failure(
    security_rig: SecurityRig, username: str
) -> None:
    with security_rig.client() as client:
        response = client.post("/signin", **raw_json(username=username, password="wrong"))
    assert response.status_code in (401, 422), response.text
    assert "Traceback" not in response.text


def test_a_nul_character_in_a_sign_up_email_is_refused(security_rig: SecurityRig) -> None:
    with security_rig.client(security_rig.platform.admin_token()) as admin:
        response = admin.post(
            "/api/auth/signup",
            **raw_json(
                username="nul_email", email="a\\u0000b@clinic.test", password="long-enough-pw"
            ),
        )
    assert response.status_code == 422, response.text
