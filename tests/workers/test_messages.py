"""The broker message schemas: what is accepted, what is refused, and the wire names."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from luna_common.messages import AnalysisRequest, AnalysisResult, ModelInfo, completed, failed

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MODEL = ModelInfo(name="luna-efficientnet-b1", version="v1", validated=True, threshold=0.3)


def request() -> AnalysisRequest:
    return AnalysisRequest(
        analysis_id="a1", user_id="u-pseudo", image=b"\xff\xd8jpeg", creation_date=NOW
    )


def test_request_round_trips_with_original_field_names() -> None:
    body = request().to_body()
    wire = json.loads(body)
    assert set(wire) == {"schemaVersion", "analysisId", "userId", "image", "creationDate"}
    assert wire["schemaVersion"] == 1
    assert AnalysisRequest.from_body(body) == request()


def test_completed_result_carries_model_and_threshold_decision() -> None:
    result = completed(request(), probability=0.31, model=MODEL, analysis_date=NOW)
    wire = json.loads(result.to_body())
    assert wire["result"] == 0.31 and wire["isMelanoma"] is True
    assert wire["model"] == {
        "name": "luna-efficientnet-b1",
        "version": "v1",
        "validated": True,
        "threshold": 0.3,
    }
    assert (
        completed(request(), probability=0.29, model=MODEL, analysis_date=NOW).is_melanoma is False
    )
    assert AnalysisResult.from_body(result.to_body()) == result


def test_failed_result_needs_a_reason_and_completed_needs_a_result() -> None:
    assert failed(request(), reason="bad", model=MODEL, analysis_date=NOW).failure_reason == "bad"
    with pytest.raises(ValidationError):
        AnalysisResult(
            analysis_id="a", user_id="u", creation_date=NOW, analysis_date=NOW, status="failed"
        )
    with pytest.raises(ValidationError):
        AnalysisResult(
            analysis_id="a",
            user_id="u",
            creation_date=NOW,
            analysis_date=NOW,
            status="completed",
            model=MODEL,
        )


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        json.dumps(
            {
                "schemaVersion": 2,
                "analysisId": "a",
                "userId": "u",
                "image": "AA==",
                "creationDate": NOW.isoformat(),
            }
        ).encode(),
        json.dumps(
            {
                "schemaVersion": 1,
                "analysisId": "a",
                "userId": "u",
                "image": "AA==",
                "creationDate": "2026-11-25T12:00:00",
            }
        ).encode(),  # no timezone
        json.dumps(
            {
                "schemaVersion": 1,
                "analysisId": "a",
                "userId": "u",
                "image": "AA==",
                "creationDate": NOW.isoformat(),
                "username": "leak",
            }
        ).encode(),
    ],
)
def test_malformed_requests_are_refused(body: bytes) -> None:
    with pytest.raises(ValidationError):
        AnalysisRequest.from_body(body)


def test_probability_outside_unit_interval_is_refused() -> None:
    with pytest.raises(ValidationError):
        completed(request(), probability=1.5, model=MODEL, analysis_date=NOW)


def test_a_rendition_request_is_version_2_with_its_size() -> None:
    rendition = AnalysisRequest(
        analysis_id="a2", user_id="u", image=b"\xff\xd8jpeg", creation_date=NOW, input_size=240
    )
    wire = json.loads(rendition.to_body())
    assert wire["schemaVersion"] == 2 and wire["inputSize"] == 240 and rendition.is_rendition
    assert AnalysisRequest.from_body(rendition.to_body()) == rendition
    assert not request().is_rendition and "inputSize" not in json.loads(request().to_body())


@pytest.mark.parametrize(
    "fields",
    [
        {"schemaVersion": 2},  # a rendition without its size
        {"schemaVersion": 1, "inputSize": 240},  # a photo with a rendition's size
        {"schemaVersion": 2, "inputSize": 8},
    ],
)
def test_version_and_input_size_must_agree(fields: dict) -> None:
    body = {
        "analysisId": "a",
        "userId": "u",
        "image": "AA==",
        "creationDate": NOW.isoformat(),
        **fields,
    }
    with pytest.raises(ValidationError):
        AnalysisRequest.from_body(json.dumps(body).encode())
