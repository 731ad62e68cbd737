"""Defect 4 of issue 11: X-Forwarded-For was trusted from 127.0.0.1, so a local client could
forge the address in the audit trail and dodge per-address limits. Forwarded headers count
only from the proxies listed in LUNA_TRUSTED_PROXIES (none by default)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from luna_api.core.config import ApiSettings
from luna_testing.platform import RunningPlatform, isolated_platform
from tests.security.conftest import SecurityRig, psycopg_dsn

pytestmark = pytest.mark.e2e
FORGED = "203.0.113.77"


def _audited_clients(log_dir: Path, pseudonym: str) -> list[str]:
    """Client addresses of the failed sign-ins of one user in the API's JSON log."""
    time.sleep(0.5)  # let the API flush its last lines
    clients = []
    for line in (log_dir / "api.log").read_text(errors="replace").splitlines():
        if line.startswith("{") and '"luna.audit"' in line:
            event = json.loads(line)
            if event["audit_user"] == pseudonym and event["audit_action"] == "signin":
                clients.append(event.get("audit_client"))
    return clients


def _fail_sign_in(api_url: str, username: str, *, local: str) -> int:
    with httpx.Client(
        base_url=api_url, timeout=30, transport=httpx.HTTPTransport(local_address=local)
    ) as client:
        return client.post(
            "/signin",
            json={"username": username, "password": "wrong-password"},
            headers={"X-Forwarded-For": FORGED},
        ).status_code


def _pseudonym(postgres_url: str, username: str) -> str:
    with psycopg.connect(psycopg_dsn(postgres_url)) as conn:
        row = conn.execute('select pseudonym from "user" where username = %s', (username,))
        return row.fetchone()[0]


def test_a_forged_forwarded_for_is_ignored_by_default(security_rig: SecurityRig) -> None:
    username, _ = security_rig.platform.create_user()
    pseudonym = security_rig.pseudonym(username)
    assert _fail_sign_in(security_rig.platform.api_url, username, local="127.0.0.1") == 401
    assert _audited_clients(security_rig.log_dir, pseudonym) == ["127.0.0.1"]
    # The trail in PostgreSQL has the same address.
    rows = security_rig.sql(
        "select client from audit_event where action = 'signin' and actor = %s", pseudonym
    )
    assert rows == [("127.0.0.1",)]


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    with isolated_platform(
        Path(tmp_path_factory.mktemp("proxy-logs")),
        analyzers=0,
        registrars=0,
        extra_env=ApiSettings.environment_for(trusted_proxies=["127.0.0.9"], log_format="json"),
    ) as platform:
        yield platform


def test_forwarded_for_counts_only_from_a_listed_proxy(behind_proxy: RunningPlatform) -> None:
    username, _ = behind_proxy.create_user()
    pseudonym = _pseudonym(behind_proxy.postgres_url, username)
    url = behind_proxy.api_url
    assert _fail_sign_in(url, username, local="127.0.0.9") == 401
    assert _fail_sign_in(url, username, local="127.0.0.10") == 401
    log_dir = behind_proxy.processes.log_dir
    assert _audited_clients(log_dir, pseudonym) == [FORGED, "127.0.0.10"]
