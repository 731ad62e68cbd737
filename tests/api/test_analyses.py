"""Submitting images and reading analyses back, on PostgreSQL, RabbitMQ and MongoDB."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pymongo.database import Database

from luna_common import analysis_record
from luna_common.messages import AnalysisRequest
from luna_model.rendition import model_input_rendition
from luna_rabbit.topology import PENDING_QUEUE
from tests.api import images
from tests.api.conftest import Account


def submit(client: TestClient, account: Account, image: bytes, **extra: Any) -> Any:
    body = {"image": images.b64(image, prefix="data:image/jpeg;base64,"), **extra}
    return client.post("/api/imageProcess", json=body, headers=account.headers)


def test_submit_records_pending_and_queues_the_request(
    client: TestClient,
    new_account: Callable[..., Account],
    mongo: Database,
    pending_queue: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    account = new_account()
    original = images.jpeg_bytes(with_gps=True)
    with caplog.at_level(logging.INFO, logger="luna.audit"):
        answer = submit(client, account, original, description="  left forearm, 6 mm  ")
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert set(body) == {"id", "status", "creationDate"} and body["status"] == "pending"

    record = mongo[analysis_record.COLLECTION].find_one({"_id": body["id"]})
    assert record is not None and record["status"] == "pending"
    assert record["userId"] == account.pseudonym  # never the username or email
    assert record["description"] == "left forearm, 6 mm"
    assert record["imageType"] == "image/jpeg" and images.SECRET.encode() not in record["image"]

    method, properties, message_body = pending_queue.basic_get(PENDING_QUEUE, auto_ack=True)
    assert method is not None, "no message on process_pending"
    message = AnalysisRequest.from_body(message_body)
    assert properties.message_id == message.analysis_id == body["id"]
    assert message.user_id == account.pseudonym
    # The photo (metadata stripped) stays in the record; its model-input rendition travels.
    assert images.pixels(bytes(record["image"])) == images.pixels(original)
    assert message.schema_version == 2 and message.input_size == 240
    assert message.image == model_input_rendition(bytes(record["image"]), 240)
    assert message.creation_date == datetime.fromisoformat(body["creationDate"])
    assert any(
        f"analysis_id={body['id']}" in r.getMessage() and "action=submit" in r.getMessage()
        for r in caplog.records
    )


def test_submit_png_without_prefix(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    account = new_account()
    answer = client.post(
        "/api/imageProcess",
        json={"image": base64.b64encode(images.png_bytes()).decode()},
        headers=account.headers,
    )
    assert answer.status_code == 202
    record = mongo[analysis_record.COLLECTION].find_one({"_id": answer.json()["id"]})
    assert record["imageType"] == "image/png" and record["description"] is None


@pytest.mark.parametrize(
    ("image", "status", "words"),
    [
        ("%%% not base64 %%%", 400, "base64"),
        (base64.b64encode(b"just some text").decode(), 400, "not a JPEG or PNG"),
        ("", 400, "empty"),
        (base64.b64encode(images.jpeg_bytes()[:300]).decode(), 400, "truncated"),
        (base64.b64encode(images.gif_bytes(animated=True)).decode(), 415, "GIF"),
        (base64.b64encode(images.png_bomb(7000)).decode(), 413, "pixels"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_stored(
    client: TestClient,
    new_account: Callable[..., Account],
    mongo: Database,
    image: str,
    status: int,
    words: str,
) -> None:
    account = new_account()
    answer = client.post("/api/imageProcess", json={"image": image}, headers=account.headers)
    assert answer.status_code == status and words in answer.json()["detail"]
    assert mongo[analysis_record.COLLECTION].count_documents({"userId": account.pseudonym}) == 0


@pytest.mark.parametrize(
    "body",
    [
        b'{"image": "abc"',  # cut short
        b"not json at all",
    ],
)
def test_a_body_that_is_not_valid_json_is_400_and_nothing_is_stored(
    client: TestClient, new_account: Callable[..., Account], mongo: Database, body: bytes
) -> None:
    account = new_account()
    answer = client.post(
        "/api/imageProcess",
        content=body,
        headers={**account.headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["detail"] == "The request body is not valid JSON"
    assert mongo[analysis_record.COLLECTION].count_documents({"userId": account.pseudonym}) == 0


def test_description_too_long_is_422(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    answer = submit(client, new_account(), images.jpeg_bytes(), description="x" * 2001)
    assert answer.status_code == 422 and "2000" in answer.json()["detail"]


def test_submit_needs_a_token(client: TestClient) -> None:
    answer = client.post("/api/imageProcess", json={"image": images.b64(images.png_bytes())})
    assert answer.status_code == 401


def _seed(mongo: Database, pseudonym: str, dates: list[str]) -> list[str]:
    ids = []
    for n, day in enumerate(dates):
        analysis_id = f"{pseudonym[:8]}{n:024d}"
        analysis_record.insert_pending(
            mongo,
            analysis_id=analysis_id,
            user_id=pseudonym,
            description=f"lesion {n}",
            image=images.png_bytes(),
            image_type="image/png",
            creation_date=datetime.fromisoformat(day).replace(tzinfo=UTC),
        )
        ids.append(analysis_id)
    return ids


def test_list_is_newest_first_filtered_and_paginated(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    account = new_account()
    jan, feb, mar_end, apr = _seed(
        mongo,
        account.pseudonym,
        [
            "2024-01-10T09:00:00",
            "2024-02-15T12:00:00",
            "2024-03-31T23:30:00",
            "2024-04-01T00:00:00",
        ],
    )
    url = "/api/me/getAnalysisList"
    everything = client.get(url, headers=account.headers).json()
    assert [item["id"] for item in everything["items"]] == [apr, mar_end, feb, jan]
    assert everything["total"] == 4 and everything["page"] == 1 and everything["pageSize"] == 20
    first = everything["items"][0]
    assert first["image"] is None and first["status"] == "pending" and "creationDate" in first

    # dateTo as a plain date includes that whole day and nothing after it.
    window = client.get(
        url, params={"dateFrom": "2024-02-01", "dateTo": "2024-03-31"}, headers=account.headers
    ).json()
    assert [item["id"] for item in window["items"]] == [mar_end, feb] and window["total"] == 2
    precise = client.get(
        url, params={"dateFrom": "2024-02-15T12:00:00Z"}, headers=account.headers
    ).json()
    assert [item["id"] for item in precise["items"]] == [apr, mar_end, feb]

    second_page = client.get(url, params={"page": 2, "pageSize": 3}, headers=account.headers)
    assert second_page.json() == {**second_page.json(), "total": 4, "page": 2, "pageSize": 3}
    assert [item["id"] for item in second_page.json()["items"]] == [jan]


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"pageSize": 0},
        {"pageSize": 101},
        {"page": "one"},
        {"dateFrom": "yesterday"},
        {"dateTo": "2024-13-01"},
    ],
)
def test_list_rejects_bad_query_params(
    client: TestClient, new_account: Callable[..., Account], params: dict[str, Any]
) -> None:
    answer = client.get("/api/me/getAnalysisList", params=params, headers=new_account().headers)
    assert answer.status_code == 422
    assert next(iter(params)) in answer.json()["detail"]


def test_get_analysis_returns_own_record_with_image(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    account = new_account()
    original = images.png_bytes(with_text=True)
    submitted = client.post(
        "/api/imageProcess", json={"image": images.b64(original)}, headers=account.headers
    ).json()
    record = client.get(f"/api/getAnalysis/{submitted['id']}", headers=account.headers)
    assert record.status_code == 200
    body = record.json()
    assert body["id"] == submitted["id"] and body["status"] == "pending"
    assert body["creationDate"].startswith(submitted["creationDate"][:19])
    prefix = "data:image/png;base64,"
    assert body["image"].startswith(prefix) and body["imageType"] == "image/png"
    stored = base64.b64decode(body["image"][len(prefix) :])
    assert images.pixels(stored) == images.pixels(original) and images.SECRET.encode() not in stored


def test_other_users_and_unknown_ids_are_404(
    client: TestClient, new_account: Callable[..., Account]
) -> None:
    owner, stranger = new_account(), new_account()
    analysis_id = submit(client, owner, images.jpeg_bytes()).json()["id"]
    assert client.get(f"/api/getAnalysis/{analysis_id}", headers=owner.headers).status_code == 200
    for path in (f"/api/getAnalysis/{analysis_id}", "/api/getAnalysis/" + "0" * 32):
        answer = client.get(path, headers=stranger.headers)
        assert answer.status_code == 404 and answer.json() == {"detail": "Analysis not found"}
    listing = client.get("/api/me/getAnalysisList", headers=stranger.headers).json()
    assert listing["total"] == 0 and listing["items"] == []
