"""Patient reference and body site on a submission: stored, shown, filtered, followed over time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pymongo.database import Database

from luna_common import analysis_record
from luna_rabbit.topology import PENDING_QUEUE
from tests.api import images
from tests.api.clinical import complete, submit
from tests.api.conftest import Account


def test_reference_and_site_are_stored_listed_shown_and_filter_the_list(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp = new_account()
    first = submit(client, gp, patientReference=" HC-2024/0815 ", bodySite="upper_extremity")
    other = submit(client, gp, patientReference="HC-2024/0999", bodySite="torso")
    plain = submit(client, gp)

    stored = mongo[analysis_record.COLLECTION].find_one({"_id": first})
    assert stored["patientReference"] == "HC-2024/0815"  # trimmed
    assert stored["bodySite"] == "upper_extremity"

    detail = client.get(f"/api/getAnalysis/{first}", headers=gp.headers).json()
    assert detail["patientReference"] == "HC-2024/0815"
    assert detail["bodySite"] == "upper_extremity"
    assert detail["review"] is None

    listing = client.get("/api/me/getAnalysisList", headers=gp.headers).json()
    by_id = {item["id"]: item for item in listing["items"]}
    assert by_id[other]["patientReference"] == "HC-2024/0999"
    assert by_id[other]["bodySite"] == "torso"
    assert by_id[plain]["patientReference"] is None and by_id[plain]["bodySite"] is None

    filtered = client.get(
        "/api/me/getAnalysisList",
        params={"patientReference": "HC-2024/0815"},
        headers=gp.headers,
    ).json()
    assert [item["id"] for item in filtered["items"]] == [first] and filtered["total"] == 1

    # Another GP's list never shows this patient's analyses, even with the filter.
    stranger = new_account()
    theirs = client.get(
        "/api/me/getAnalysisList",
        params={"patientReference": "HC-2024/0815"},
        headers=stranger.headers,
    ).json()
    assert theirs["total"] == 0


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"patientReference": "A" * 64 + "1"}, "patientReference"),  # 65 characters
        ({"patientReference": "Ana Pérez 12"}, "never a name"),
        ({"patientReference": "AnaPerez"}, "at least one digit"),
        ({"bodySite": "left_ear"}, "bodySite"),
        ({"bodySite": "head/neck"}, "bodySite"),
    ],
)
def test_bad_reference_or_site_is_422_and_nothing_is_stored_or_queued(
    client: TestClient,
    new_account: Callable[..., Account],
    mongo: Database,
    pending_queue: Any,
    fields: dict[str, str],
    words: str,
) -> None:
    gp = new_account()
    body = {"image": images.b64(images.jpeg_bytes()), **fields}
    answer = client.post("/api/imageProcess", json=body, headers=gp.headers)
    assert answer.status_code == 422, answer.text
    assert words in answer.json()["detail"]
    assert mongo[analysis_record.COLLECTION].count_documents({"userId": gp.pseudonym}) == 0
    method, _, _ = pending_queue.basic_get(PENDING_QUEUE, auto_ack=True)
    assert method is None


def test_a_64_character_reference_is_accepted(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    gp = new_account()
    reference = "7" * 64
    analysis_id = submit(client, gp, patientReference=reference)
    detail = client.get(f"/api/getAnalysis/{analysis_id}", headers=gp.headers).json()
    assert detail["patientReference"] == reference


def test_bad_list_filter_is_422(client: TestClient, new_account: Callable[..., Account]) -> None:
    gp = new_account()
    answer = client.get(
        "/api/me/getAnalysisList", params={"patientReference": "x" * 65}, headers=gp.headers
    )
    assert answer.status_code == 422 and "patientReference" in answer.json()["detail"]


def test_detail_shows_earlier_analyses_of_the_same_patient_and_site(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp = new_account()
    patient = {"patientReference": "MRN-4711", "bodySite": "torso"}
    oldest = submit(client, gp, **patient)
    complete(mongo, oldest, gp, probability=0.21)
    middle = submit(client, gp, **patient)
    complete(mongo, middle, gp, probability=0.34)
    submit(client, gp, patientReference="MRN-4711", bodySite="lower_extremity")
    submit(client, gp, patientReference="MRN-9999", bodySite="torso")
    latest = submit(client, gp, **patient)

    detail = client.get(f"/api/getAnalysis/{latest}", headers=gp.headers).json()
    earlier = detail["earlierAnalyses"]
    assert [e["id"] for e in earlier] == [middle, oldest]  # newest first, same site only
    assert [e["result"] for e in earlier] == [0.34, 0.21]
    assert all(e["status"] == "completed" and e["isMelanoma"] is False for e in earlier)
    assert all(datetime.fromisoformat(e["creationDate"]) <= datetime.now(UTC) for e in earlier)
    # The oldest has nothing before it; a record without a reference has no follow-up.
    assert (
        client.get(f"/api/getAnalysis/{oldest}", headers=gp.headers).json()["earlierAnalyses"] == []
    )


def test_records_written_before_the_clinical_loop_still_read(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp = new_account()
    # The exact shape the API wrote before this change: no patient, site or review fields.
    old_id = "0" * 24 + "old1"
    mongo[analysis_record.COLLECTION].insert_one(
        {
            "_id": old_id,
            "userId": gp.pseudonym,
            "description": "from last year",
            "image": images.jpeg_bytes(),
            "imageType": "image/jpeg",
            "status": "completed",
            "creationDate": datetime(2025, 5, 1, tzinfo=UTC),
            "analysisDate": datetime(2025, 5, 1, 0, 1, tzinfo=UTC),
            "result": 0.12,
            "isMelanoma": False,
            "model": {
                "name": "luna-efficientnet-b1",
                "version": "v0",
                "validated": True,
                "threshold": 0.5,
            },
            "failureReason": None,
        }
    )
    listing = client.get("/api/me/getAnalysisList", headers=gp.headers).json()
    assert listing["items"][0]["id"] == old_id
    assert listing["items"][0]["patientReference"] is None
    assert listing["items"][0]["review"] is None
    detail = client.get(f"/api/getAnalysis/{old_id}", headers=gp.headers)
    assert detail.status_code == 200 and detail.json()["result"] == 0.12
    assert detail.json()["bodySite"] is None and detail.json()["earlierAnalyses"] is None
    report = client.get(f"/api/fhir/DiagnosticReport/{old_id}", headers=gp.headers)
    assert report.status_code == 200 and report.json()["status"] == "preliminary"
    assert "subject" not in report.json()
