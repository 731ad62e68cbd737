"""The dermatologist review on the real services: worklist entry, review, amendment, access."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pymongo.database import Database

from luna_common import analysis_record
from tests.api.clinical import REVIEW, complete, fail, submit
from tests.api.conftest import Account


def worklist_ids(client: TestClient, account: Account, status: str = "pending") -> list[str]:
    answer = client.get(
        "/api/reviews", params={"status": status, "pageSize": 100}, headers=account.headers
    )
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_signup_grants_the_dermatologist_role(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    derm = new_account(["dermatologist", "user"])
    me = client.get("/api/me", headers=derm.headers).json()
    assert me["roles"] == ["dermatologist", "user"]


def test_analyses_enter_the_worklist_by_risk_model_or_request_and_never_when_failed(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, derm = new_account(), new_account(["dermatologist"])
    risky = submit(client, gp)
    complete(mongo, risky, gp, probability=0.91)
    unvalidated = submit(client, gp)
    complete(mongo, unvalidated, gp, probability=0.12, validated=False)
    benign = submit(client, gp)
    complete(mongo, benign, gp, probability=0.08)
    asked = submit(client, gp)
    complete(mongo, asked, gp, probability=0.30)
    failed_after_request = submit(client, gp)
    still_pending = submit(client, gp)

    # The GP asks about a benign-looking one, and about two not yet analysed.
    answer = client.post(
        f"/api/getAnalysis/{asked}/review-request",
        json={"question": "Changed colour in 3 months?"},
        headers=gp.headers,
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "pending" and answer.json()["reasons"] == ["requested"]
    for analysis_id in (failed_after_request, still_pending):
        answer = client.post(f"/api/getAnalysis/{analysis_id}/review-request", headers=gp.headers)
        assert answer.status_code == 201, answer.text
    fail(mongo, failed_after_request, gp)

    waiting = worklist_ids(client, derm)
    mine = [analysis_id for analysis_id in waiting if analysis_id in {risky, unvalidated, asked}]
    assert mine == [risky, asked, unvalidated]  # highest risk first
    assert benign not in waiting and failed_after_request not in waiting
    assert still_pending not in waiting  # enters when it completes

    items = {
        item["id"]: item
        for item in client.get(
            "/api/reviews", params={"pageSize": 100}, headers=derm.headers
        ).json()["items"]
    }
    assert items[risky]["review"]["reasons"] == ["melanoma_risk"]
    assert items[unvalidated]["review"]["reasons"] == ["unvalidated_model"]
    assert items[asked]["review"]["question"] == "Changed colour in 3 months?"
    # Nothing in the worklist names the GP.
    text = json.dumps(items[risky])
    assert gp.pseudonym not in text and gp.username not in text and "userId" not in text
    assert items[risky]["image"] is None

    # The failed one can no longer be asked about; the GP sees it is not waiting.
    refused = client.post(
        f"/api/getAnalysis/{failed_after_request}/review-request", headers=gp.headers
    )
    assert refused.status_code == 409 and "failed" in refused.json()["detail"]
    assert (
        client.get(f"/api/getAnalysis/{failed_after_request}", headers=gp.headers).json()["review"]
        is None
    )

    complete(mongo, still_pending, gp, probability=0.05)
    assert still_pending in worklist_ids(client, derm)


def test_a_redelivered_result_does_not_duplicate_the_entry(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp = new_account()
    analysis_id = submit(client, gp)
    complete(mongo, analysis_id, gp, probability=0.8, validated=False)
    with pytest.raises(AssertionError):  # the registrar reports "already recorded"
        complete(mongo, analysis_id, gp, probability=0.8, validated=False)
    stored = mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id})
    assert stored["reviewStatus"] == "pending"
    assert stored["reviewReasons"] == ["melanoma_risk", "unvalidated_model"]


def test_review_once_then_409_then_an_amendment_keeps_the_earlier_version(
    client: TestClient,
    new_account: Callable[..., Account],
    mongo: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gp, derm, colleague = (
        new_account(),
        new_account(["dermatologist"]),
        new_account(["dermatologist"]),
    )
    analysis_id = submit(client, gp, patientReference="HC-77", bodySite="torso")
    complete(mongo, analysis_id, gp, probability=0.77)

    with caplog.at_level(logging.INFO, logger="luna.audit"):
        opened = client.get(f"/api/getAnalysis/{analysis_id}", headers=derm.headers)
    assert opened.status_code == 200
    assert opened.json()["image"].startswith("data:image/jpeg;base64,")
    assert opened.json()["bodySite"] == "torso" and opened.json()["earlierAnalyses"] is None
    assert gp.pseudonym not in opened.text and gp.username not in opened.text
    assert any(
        "action=read" in r.getMessage()
        and f"user={derm.pseudonym}" in r.getMessage()
        and f"analysis_id={analysis_id}" in r.getMessage()
        for r in caplog.records
    )

    answer = client.post(
        f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=derm.headers
    )
    assert answer.status_code == 201, answer.text
    review = answer.json()
    assert review["status"] == "done" and review["impression"] == "melanoma_suspected"
    assert review["reviewerName"] == derm.username and review["amended"] is False

    stored = mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id})
    assert stored["review"]["reviewer"] == derm.pseudonym  # the pseudonym, never the name
    assert derm.username not in json.dumps(stored, default=str)

    again = client.post(f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=derm.headers)
    assert again.status_code == 409 and "amends" in again.json()["detail"]
    # A colleague can no longer open it: it left the worklist and is not theirs.
    assert (
        client.get(f"/api/getAnalysis/{analysis_id}", headers=colleague.headers).status_code == 404
    )
    assert (
        client.post(
            f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=colleague.headers
        ).status_code
        == 404
    )
    assert analysis_id not in worklist_ids(client, derm)
    assert analysis_id in worklist_ids(client, derm, "done")
    assert analysis_id not in worklist_ids(client, colleague, "done")

    amendment = {
        **REVIEW,
        "impression": "benign",
        "recommendation": "follow_up",
        "agreesWithModel": False,
        "comment": "Dermoscopy: seborrhoeic keratosis.",
        "amends": True,
    }
    answer = client.post(
        f"/api/getAnalysis/{analysis_id}/review", json=amendment, headers=derm.headers
    )
    assert answer.status_code == 201, answer.text
    amended = answer.json()
    assert amended["impression"] == "benign" and amended["amended"] is True
    assert [old["impression"] for old in amended["history"]] == ["melanoma_suspected"]

    # The GP sees the current opinion by the reviewer's name, in the detail and the list.
    detail = client.get(f"/api/getAnalysis/{analysis_id}", headers=gp.headers).json()
    assert detail["review"]["impression"] == "benign"
    assert detail["review"]["recommendation"] == "follow_up"
    assert detail["review"]["comment"] == "Dermoscopy: seborrhoeic keratosis."
    assert detail["review"]["reviewerName"] == derm.username
    assert detail["review"]["reviewedAt"]
    assert detail["review"]["history"][0]["comment"] == REVIEW["comment"]
    listed = {
        item["id"]: item
        for item in client.get("/api/me/getAnalysisList", headers=gp.headers).json()["items"]
    }
    assert listed[analysis_id]["review"]["status"] == "done"


def test_gp_can_neither_read_the_worklist_nor_review(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp = new_account()
    analysis_id = submit(client, gp)
    complete(mongo, analysis_id, gp, probability=0.9)
    worklist = client.get("/api/reviews", headers=gp.headers)
    assert worklist.status_code == 403 and "dermatologist" in worklist.json()["detail"]
    review = client.post(f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=gp.headers)
    assert review.status_code == 403
    assert mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id}).get("review") is None
    admin_like = new_account(["admin"])
    assert client.get("/api/reviews", headers=admin_like.headers).status_code == 403


def test_dermatologist_cannot_open_analyses_outside_the_worklist(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, derm = new_account(), new_account(["dermatologist"])
    benign = submit(client, gp)
    complete(mongo, benign, gp, probability=0.04)  # validated, below threshold: not waiting
    pending = submit(client, gp)
    assert client.get(f"/api/getAnalysis/{benign}", headers=derm.headers).status_code == 404
    assert client.get(f"/api/getAnalysis/{pending}", headers=derm.headers).status_code == 404
    assert (
        client.get(f"/api/fhir/DiagnosticReport/{benign}", headers=derm.headers).status_code == 404
    )
    answer = client.post(f"/api/getAnalysis/{benign}/review", json=REVIEW, headers=derm.headers)
    assert answer.status_code == 404


def test_only_the_submitting_gp_asks_for_a_review_and_only_once(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, other = new_account(), new_account()
    analysis_id = submit(client, gp)
    complete(mongo, analysis_id, gp, probability=0.1)
    answer = client.post(f"/api/getAnalysis/{analysis_id}/review-request", headers=other.headers)
    assert answer.status_code == 404
    answer = client.post(
        f"/api/getAnalysis/{analysis_id}/review-request",
        json={"question": "x" * 1001},
        headers=gp.headers,
    )
    assert answer.status_code == 422
    assert (
        mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id}).get("reviewStatus") is None
    )
    first = client.post(f"/api/getAnalysis/{analysis_id}/review-request", headers=gp.headers)
    assert first.status_code == 201
    second = client.post(f"/api/getAnalysis/{analysis_id}/review-request", headers=gp.headers)
    assert second.status_code == 409 and "already requested" in second.json()["detail"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"impression": "melanoma"}, "impression"),
        ({"recommendation": "wait_and_see"}, "recommendation"),
        ({"agreesWithModel": "yes"}, "agreesWithModel"),
        ({"comment": "c" * 4001}, "comment"),
        ({"reviewer": "someone-else"}, "reviewer"),
    ],
)
def test_bad_review_is_422_and_stores_nothing(
    client: TestClient,
    new_account: Callable[..., Account],
    mongo: Database,
    change: dict[str, object],
    words: str,
) -> None:
    gp, derm = new_account(), new_account(["dermatologist"])
    analysis_id = submit(client, gp)
    complete(mongo, analysis_id, gp, probability=0.95)
    answer = client.post(
        f"/api/getAnalysis/{analysis_id}/review", json={**REVIEW, **change}, headers=derm.headers
    )
    assert answer.status_code == 422 and words in answer.json()["detail"]
    stored = mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id})
    assert stored.get("review") is None and stored["reviewStatus"] == "pending"


def test_review_of_a_pending_or_failed_analysis_is_409_and_stores_nothing(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, derm = new_account(), new_account(["dermatologist"])
    pending = submit(client, gp)
    client.post(f"/api/getAnalysis/{pending}/review-request", headers=gp.headers)
    failed = submit(client, gp)
    fail(mongo, failed, gp)
    for analysis_id, words in ((pending, "still pending"), (failed, "failed")):
        answer = client.post(
            f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=derm.headers
        )
        assert answer.status_code == 409, answer.text
        assert words in answer.json()["detail"]
        assert (
            mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id}).get("review") is None
        )
    # Nothing to amend is a conflict too.
    done = submit(client, gp)
    complete(mongo, done, gp, probability=0.99)
    answer = client.post(
        f"/api/getAnalysis/{done}/review", json={**REVIEW, "amends": True}, headers=derm.headers
    )
    assert answer.status_code == 409 and "no review to amend" in answer.json()["detail"]
