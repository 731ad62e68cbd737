"""No image, password or token in any log; only pseudonyms in records and messages; an audit log."""

from __future__ import annotations

import base64
import json
import time

import pytest

from luna_rabbit import topology
from luna_testing.photos import lesion_jpeg
from luna_testing.platform import wait_for_status
from tests.faults.rig import TAP_QUEUE, drain
from tests.security.conftest import SecurityRig

pytestmark = pytest.mark.e2e


def test_logs_hold_no_secrets_records_and_messages_hold_only_pseudonyms_and_reads_are_audited(
    security_rig: SecurityRig,
) -> None:
    account = security_rig.new_account()
    user_id = security_rig.sql('select id from "user" where username = %s', account.username)[0][0]
    image = lesion_jpeg(320, 240, seed=7)
    encoded = base64.b64encode(image).decode()
    with security_rig.client(account.token) as client:
        response = client.post("/api/imageProcess", json={"image": encoded, "description": "back"})
        assert response.status_code == 202
        analysis_id = response.json()["id"]
        wait_for_status(client, analysis_id, {"completed", "failed"}, timeout_s=60)
        assert client.get("/api/me/getAnalysisList").status_code == 200
        # A failed sign-in with a password-like secret: it must not be logged either.
        wrong_password = "Wrong-But-Secret-" + account.password
        assert (
            client.post(
                "/signin", json={"username": account.username, "password": wrong_password}
            ).status_code
            == 401
        )
    time.sleep(1)  # let the processes flush their last lines

    logs = {
        path.name: path.read_text(errors="replace") for path in security_rig.log_dir.glob("*.log")
    }
    assert {"api.log", "analyzer-1.log", "registrar-1.log"} <= logs.keys()
    secrets_ = {
        "password": account.password,
        "wrong password": wrong_password,
        "token": account.token,
        "token signature": account.token.rsplit(".", 1)[1],
        "admin password": security_rig.platform.admin_password,
        "jwt key": security_rig.platform.jwt_secret,
        "image (base64)": encoded[200:260],
        "image (stored bytes, base64)": base64.b64encode(
            bytes(security_rig.mongo.analyses.find_one({"_id": analysis_id})["image"])
        )[200:260].decode(),
    }
    for name, text in logs.items():
        for what, secret in secrets_.items():
            assert secret not in text, f"{what} found in {name}"

    # The record and every message carry the pseudonym, never the username, email or user id.
    record = security_rig.mongo.analyses.find_one({"_id": analysis_id})
    assert record["userId"] == account.pseudonym
    flat = json.dumps({k: v for k, v in record.items() if k != "image"}, default=str)
    assert account.username not in flat and "@clinic.test" not in flat
    results = [json.loads(body) for body, _ in drain(security_rig.amqp_url, TAP_QUEUE)]
    mine = [r for r in results if r["analysisId"] == analysis_id]
    assert mine and all(r["userId"] == account.pseudonym for r in mine)
    assert all(account.username not in json.dumps(r) for r in results)
    assert all(str(user_id) != r["userId"] for r in results)
    assert topology.RESULT_EXCHANGE  # the tap is bound to the result exchange (conftest)

    # The audit trail: who signed in, submitted and read which analysis, and when.
    audit = [
        json.loads(line)
        for line in logs["api.log"].splitlines()
        if line.startswith("{") and '"luna.audit"' in line
    ]
    events = [
        (e["audit_action"], e["audit_outcome"], e.get("audit_analysis_id"))
        for e in audit
        if e["audit_user"] == account.pseudonym
    ]
    assert ("signin", "success", None) in events
    assert ("submit", "success", analysis_id) in events
    assert ("read", "success", analysis_id) in events
    assert ("signin", "failure", None) in events
    assert all(e["audit_at"] and e["time"] for e in audit)
    assert all(account.username not in json.dumps(e) for e in audit)
