"""The two broker messages of LUNA, one versioned JSON schema each.

Field names follow the original LUNA design (``userId``, ``image``, ``creationDate``,
``analysisDate``, ``result``, ``isMelanoma``). ``userId`` is always the pseudonymous id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from luna_common.model_cards import PublishedModelCard

# Requests: version 2 carries the model-input rendition (the model's square view as a small
# JPEG, ``inputSize`` px wide; see luna_model.rendition) where version 1 carried the photo. An
# analyzer still scores a version-1 request, so requests queued before an upgrade are analysed
# as before; upgrade analyzers before the API (an older analyzer dead-letters version 2).
SCHEMA_VERSION: Literal[2] = 2
# Results: version 2 added the optional ``heatmap`` and ``modelCard``; version 1 results (without
# them) stay valid, so results queued before an upgrade are still recorded.
RESULT_SCHEMA_VERSION: Literal[2] = 2
# PNG bytes of a heatmap at most: its data URL (base64 + prefix) stays under 30 KB.
MAX_HEATMAP_BYTES = 22_000


class _Message(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        ser_json_bytes="base64",
        val_json_bytes="base64",
    )

    def to_body(self) -> bytes:
        """The message as the JSON bytes published to the broker."""
        return self.model_dump_json(by_alias=True).encode()

    @classmethod
    def from_body(cls, body: bytes) -> Self:
        """Parse a broker body; raises ``pydantic.ValidationError`` on a malformed envelope."""
        return cls.model_validate_json(body)


class AnalysisRequest(_Message):
    """API → ``send_to_process``: one image to analyse.

    Version 2: ``image`` is the model-input rendition and ``inputSize`` its side; the photo
    stays in the results database. Version 1: ``image`` is the photo itself.
    """

    schema_version: Literal[1, 2] = SCHEMA_VERSION
    analysis_id: str = Field(min_length=1, max_length=64)
    user_id: str = Field(min_length=1, max_length=64)
    image: bytes = Field(min_length=1)
    creation_date: AwareDatetime
    input_size: int | None = Field(default=None, ge=16, le=4096)

    @model_validator(mode="before")
    @classmethod
    def _version_from_content(cls, data: Any) -> Any:
        # Without an explicit version, a request with inputSize is a rendition (2), else a photo.
        if isinstance(data, dict) and "schemaVersion" not in data and "schema_version" not in data:
            has_size = data.get("inputSize", data.get("input_size")) is not None
            return {**data, "schemaVersion": 2 if has_size else 1}
        return data

    @model_validator(mode="after")
    def _rendition_has_its_size(self) -> AnalysisRequest:
        if (self.schema_version == 2) != (self.input_size is not None):
            raise ValueError("inputSize is given with a version 2 request, and only then")
        return self

    def to_body(self) -> bytes:
        """The JSON bytes; a version-1 request is written as version 1 always was."""
        return self.model_dump_json(by_alias=True, exclude_none=True).encode()

    @property
    def is_rendition(self) -> bool:
        """True when ``image`` is the model-input rendition rather than the photo."""
        return self.schema_version == 2


class ModelInfo(BaseModel):
    """Which model produced a result and how far it was validated."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    name: str
    version: str
    validated: bool
    threshold: float = Field(ge=0.0, le=1.0)


class AnalysisResult(_Message):
    """Analyzer → ``process_completed``: the outcome of one analysis, completed or failed."""

    schema_version: Literal[1, 2] = RESULT_SCHEMA_VERSION
    analysis_id: str = Field(min_length=1, max_length=64)
    user_id: str = Field(min_length=1, max_length=64)
    creation_date: AwareDatetime
    analysis_date: AwareDatetime
    status: Literal["completed", "failed"]
    result: float | None = Field(default=None, ge=0.0, le=1.0)
    is_melanoma: bool | None = None
    model: ModelInfo | None = None
    failure_reason: str | None = Field(default=None, max_length=500)
    # Where the network looked: a small PNG (base64 in JSON); completed results only.
    heatmap: bytes | None = Field(default=None, min_length=8, max_length=MAX_HEATMAP_BYTES)
    # The card of ``model``, so the registrar can keep it for the API (the analyzer never
    # reaches the results database).
    model_card: PublishedModelCard | None = None

    @model_validator(mode="after")
    def _completed_has_result_failed_has_reason(self) -> AnalysisResult:
        if self.status == "completed":
            if self.result is None or self.is_melanoma is None or self.model is None:
                raise ValueError("a completed result needs result, isMelanoma and model")
        elif not self.failure_reason:
            raise ValueError("a failed result needs a failureReason")
        elif self.heatmap is not None:
            raise ValueError("a failed result has no heatmap")
        if self.heatmap is not None and not self.heatmap.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("heatmap must be a PNG image")
        if self.model_card is not None and (
            self.model is None
            or (self.model_card.name, self.model_card.version)
            != (self.model.name, self.model.version)
        ):
            raise ValueError("modelCard must describe the result's model")
        return self


def completed(
    request: AnalysisRequest,
    *,
    probability: float,
    model: ModelInfo,
    analysis_date: datetime,
    heatmap: bytes | None = None,
    model_card: PublishedModelCard | None = None,
) -> AnalysisResult:
    """The result message for an image the model scored."""
    return AnalysisResult(
        analysis_id=request.analysis_id,
        user_id=request.user_id,
        creation_date=request.creation_date,
        analysis_date=analysis_date,
        status="completed",
        result=probability,
        is_melanoma=probability >= model.threshold,
        model=model,
        heatmap=heatmap,
        model_card=model_card,
    )


def failed(
    request: AnalysisRequest,
    *,
    reason: str,
    model: ModelInfo | None,
    analysis_date: datetime,
    model_card: PublishedModelCard | None = None,
) -> AnalysisResult:
    """The result message for an image that could not be analysed, with the reason."""
    return AnalysisResult(
        analysis_id=request.analysis_id,
        user_id=request.user_id,
        creation_date=request.creation_date,
        analysis_date=analysis_date,
        status="failed",
        model=model,
        failure_reason=reason[:500],
        model_card=model_card if model is not None else None,
    )
