"""Helpers for the clinical-loop tests: submissions, and results written by the registrar's own
``record()`` into the real results database (no analyzer needed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from pymongo.database import Database

from luna_common.messages import AnalysisResult, ModelInfo
from luna_data_worker import registrar
from tests.api import images
from tests.api.conftest import Account


def submit(client: TestClient, account: Account, **fields: Any) -> str:
    """Submit a small JPEG with these extra fields; the analysis id."""
    body = {"image": images.b64(images.jpeg_bytes()), **fields}
    answer = client.post("/api/imageProcess", json=body, headers=account.headers)
    assert answer.status_code == 202, answer.text
    return answer.json()["id"]


def complete(
    mongo: Database,
    analysis_id: str,
    account: Account,
    *,
    probability: float,
    validated: bool = True,
    threshold: float = 0.5,
) -> None:
    """Write a completed result through the registrar, as the worker does."""
    record = mongo["analyses"].find_one({"_id": analysis_id})
    assert record is not None
    result = AnalysisResult(
        analysis_id=analysis_id,
        user_id=account.pseudonym,
        creation_date=record["creationDate"],
        analysis_date=datetime.now(UTC),
        status="completed",
        result=probability,
        is_melanoma=probability >= threshold,
        model=ModelInfo(
            name="luna-efficientnet-b1",
            version="test-1" if validated else "unvalidated-random-init",
            validated=validated,
            threshold=threshold,
        ),
    )
    assert registrar.record(mongo, result.to_body())


def fail(mongo: Database, analysis_id: str, account: Account) -> None:
    record = mongo["analyses"].find_one({"_id": analysis_id})
    assert record is not None
    result = AnalysisResult(
        analysis_id=analysis_id,
        user_id=account.pseudonym,
        creation_date=record["creationDate"],
        analysis_date=datetime.now(UTC),
        status="failed",
        failure_reason="the image could not be decoded",
    )
    assert registrar.record(mongo, result.to_body())


REVIEW = {
    "impression": "melanoma_suspected",
    "recommendation": "urgent_referral",
    "agreesWithModel": True,
    "comment": "Asymmetric, irregular border; refer today.",
}
