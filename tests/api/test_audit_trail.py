"""The audit trail (issue 11): who saw, submitted or changed what, when, from where; stored in
PostgreSQL, append-only and hash-chained, readable by admins, checked by a command."""

from __future__ import annotations

import base64
import multiprocessing
import subprocess
import sys
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from luna_api.audit import AuditRecord, AuditTrail
from luna_api.core import db
from luna_testing import services
from tests.api import images
from tests.api.conftest import Account


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _events(client: TestClient, headers: dict[str, str], **params: object) -> list[dict]:  # type: ignore[type-arg]
    answer = client.get("/api/audit", params={"pageSize": 200, **params}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_reads_submissions_refusals_and_sign_ins_are_in_the_trail(
    client: TestClient,
    admin_headers: dict[str, str],
    new_account: Callable[..., Account],
    pending_queue: object,
) -> None:
    began = datetime.now(UTC)
    alice, bob = new_account(), new_account()
    image = base64.b64encode(images.jpeg_bytes()).decode()
    submitted = client.post("/api/imageProcess", json={"image": image}, headers=alice.headers)
    assert submitted.status_code == 202
    analysis_id = submitted.json()["id"]
    assert client.get(f"/api/getAnalysis/{analysis_id}", headers=alice.headers).status_code == 200
    assert client.get("/api/me/getAnalysisList", headers=alice.headers).status_code == 200
    assert client.get(f"/api/getAnalysis/{analysis_id}", headers=bob.headers).status_code == 404
    wrong = client.post("/signin", json={"username": alice.username, "password": "wrong-password"})
    assert wrong.status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401

    about_it = _events(client, admin_headers, analysisId=analysis_id)
    seen = {(e["action"], e["outcome"], e["userId"]) for e in about_it}
    assert ("submit", "success", alice.id) in seen
    assert ("read", "success", alice.id) in seen
    assert ("list", "success", alice.id) in seen  # the list names the ids it showed
    assert ("access", "denied", bob.id) in seen  # bob tried alice's analysis: 404, audited
    denied = next(e for e in about_it if e["userId"] == bob.id)
    assert denied["details"]["status"] == "404" and denied["client"] == "testclient"

    alices = _events(client, admin_headers, userId=alice.id, **{"from": began.isoformat()})
    actions = {(e["action"], e["outcome"]) for e in alices}
    assert {("signin", "success"), ("signin", "failure"), ("submit", "success")} <= actions
    assert all(e["userId"] == alice.id or e["targetUserId"] == alice.id for e in alices)
    assert all(datetime.fromisoformat(e["at"]) >= began for e in alices)
    # Newest first, and nothing after "to".
    ids = [e["id"] for e in alices]
    assert ids == sorted(ids, reverse=True)
    earlier = (began - timedelta(minutes=1)).isoformat()
    assert _events(client, admin_headers, userId=alice.id, to=earlier) == []
    text = str(_events(client, admin_headers))
    assert alice.password not in text and "wrong-password" not in text


def test_the_trail_is_paginated_and_for_admins_only(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    # Reading the trail is audited too: fix "to" so that new events do not shift the pages.
    until = {"to": datetime.now(UTC).isoformat()}
    first = client.get("/api/audit", params={"pageSize": 2, **until}, headers=admin_headers)
    second = client.get(
        "/api/audit", params={"pageSize": 2, "page": 2, **until}, headers=admin_headers
    )
    assert first.json()["total"] == second.json()["total"] >= 4
    assert len(first.json()["items"]) == len(second.json()["items"]) == 2
    assert first.json()["items"][-1]["id"] > second.json()["items"][0]["id"]
    assert client.get("/api/audit", headers=account.headers).status_code == 403
    assert client.get("/api/audit").status_code == 401
    for bad in ({"from": "yesterday"}, {"userId": "x"}, {"pageSize": 1000}, {"to": "9999-12-31"}):
        assert client.get("/api/audit", params=bad, headers=admin_headers).status_code == 422


def test_account_changes_are_in_the_trail(
    client: TestClient, admin_headers: dict[str, str], new_account: Callable[..., Account]
) -> None:
    account = new_account()
    client.patch(f"/api/users/{account.id}", json={"active": False}, headers=admin_headers)
    client.patch(f"/api/users/{account.id}", json={"active": True}, headers=admin_headers)
    client.post(f"/api/users/{account.id}/password", headers=admin_headers)
    about = _events(client, admin_headers, userId=account.id)
    changes = [(e["action"], e["details"]) for e in about if e["targetUserId"] == account.id]
    assert ("user_update", {"active": "false"}) in changes
    assert ("user_update", {"active": "true"}) in changes
    assert any(action == "password_reset" for action, _ in changes)
    assert any(action == "signup" for action, _ in changes)


def test_the_trail_refuses_changes_and_verify_finds_tampering(
    client: TestClient, admin_headers: dict[str, str], users_db: Engine, postgres_url: str
) -> None:
    verify = [sys.executable, "-m", "luna_api.audit", "verify", "--database-url", postgres_url]
    intact = subprocess.run(verify, capture_output=True, text=True, timeout=60)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "intact" in intact.stdout
    with psycopg.connect(_dsn(postgres_url), autocommit=True) as conn:
        for statement in ("UPDATE audit_event SET outcome = 'x'", "DELETE FROM audit_event"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)
        seq, client = conn.execute(
            "SELECT seq, client FROM audit_event ORDER BY seq OFFSET 2 LIMIT 1"
        ).fetchone()
        # Someone with the rights to bypass the trigger rewrites an event...
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE audit_event SET client = '10.9.9.9' WHERE seq = %s", (seq,))
        try:
            broken = subprocess.run(verify, capture_output=True, text=True, timeout=60)
        finally:
            conn.execute("UPDATE audit_event SET client = %s WHERE seq = %s", (client, seq))
    assert broken.returncode == 1
    assert f"event {seq}" in broken.stdout


def _append_many(database_url: str, worker: int, count: int) -> None:
    engine = db.make_engine(database_url)
    trail = AuditTrail(engine)
    for n in range(count):
        trail.append(AuditRecord(action="load", details={"worker": str(worker), "n": str(n)}))
    engine.dispose()


def test_appends_from_several_processes_form_one_chain() -> None:
    with services.postgres_database() as url:
        engine = db.make_engine(url)
        db.migrate_to_head(engine)
        context = multiprocessing.get_context("spawn")
        workers = [context.Process(target=_append_many, args=(url, w, 40)) for w in range(4)]
        for process in workers:
            process.start()
        for process in workers:
            process.join(timeout=120)
            assert process.exitcode == 0
        checked, problem = AuditTrail(engine).verify()
        engine.dispose()
    assert problem is None and checked == 160


def test_appends_from_many_threads_at_once_are_grouped_into_one_chain() -> None:
    with services.postgres_database() as url:
        engine = db.make_engine(url)
        db.migrate_to_head(engine)
        trail = AuditTrail(engine)
        records = [AuditRecord(action="read", actor=str(n)) for n in range(64)]
        with ThreadPoolExecutor(max_workers=32) as pool:
            seqs = list(pool.map(trail.append, records))
        trail.close()
        checked, problem = trail.verify()
        with engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT seq, actor FROM audit_event")).all())
        engine.dispose()
    assert problem is None and checked == 64
    assert sorted(seqs) == list(range(1, 65))
    # Each caller got the place of its own event.
    assert all(stored[seq] == record.actor for seq, record in zip(seqs, records, strict=True))


def test_a_chain_with_a_missing_event_is_broken() -> None:
    with services.postgres_database() as url:
        engine = db.make_engine(url)
        db.migrate_to_head(engine)
        trail = AuditTrail(engine)
        for n in range(5):
            trail.append(AuditRecord(action="read", analysis_ids=[uuid.uuid4().hex], actor=str(n)))
        assert trail.verify() == (5, None)
        with psycopg.connect(_dsn(url), autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute("DELETE FROM audit_event WHERE seq = 3")
        assert trail.verify() == (3, "event 3 is missing")
        engine.dispose()
