"""How the API shows an analysis record: the list and detail views, the review, and the same
patient's earlier analyses (camelCase JSON, images as data URLs only in the detail view)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from luna_common.analysis_record import AnalysisStatus
from luna_common.clinical_terms import (
    BodySite,
    Impression,
    Recommendation,
    ReviewReason,
    ReviewStatus,
)
from luna_common.messages import ModelInfo


class _CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class ReviewOpinion(_CamelModel):
    """One version of a dermatologist's opinion; the reviewer by name, resolved at read time."""

    impression: Impression
    recommendation: Recommendation
    agrees_with_model: bool
    comment: str | None = None
    reviewed_at: datetime
    reviewer_name: str | None = None

    @classmethod
    def from_document(cls, doc: dict[str, Any], names: Mapping[str, str]) -> ReviewOpinion:
        return cls(
            impression=doc["impression"],
            recommendation=doc["recommendation"],
            agrees_with_model=doc["agreesWithModel"],
            comment=doc.get("comment"),
            reviewed_at=doc["reviewedAt"],
            reviewer_name=names.get(doc["reviewer"]),
        )


class ReviewView(_CamelModel):
    """Where an analysis stands with the dermatologists: waiting (and why), or their opinion."""

    status: ReviewStatus
    reasons: list[ReviewReason] = []
    question: str | None = None
    requested_at: datetime | None = None
    impression: Impression | None = None
    recommendation: Recommendation | None = None
    agrees_with_model: bool | None = None
    comment: str | None = None
    reviewed_at: datetime | None = None
    reviewer_name: str | None = None
    amended: bool = False
    history: list[ReviewOpinion] = []  # earlier versions, oldest first, when amended

    @classmethod
    def from_document(cls, doc: dict[str, Any], names: Mapping[str, str]) -> ReviewView | None:
        status = doc.get("reviewStatus")
        if status is None:
            return None
        view = cls(
            status=status,
            reasons=doc.get("reviewReasons") or [],
            question=doc.get("reviewQuestion"),
            requested_at=doc.get("reviewRequestedAt"),
        )
        if (opinion := doc.get("review")) is not None:
            current = ReviewOpinion.from_document(opinion, names)
            history = [
                ReviewOpinion.from_document(old, names) for old in doc.get("reviewHistory") or []
            ]
            view = view.model_copy(
                update={**current.model_dump(), "amended": bool(history), "history": history}
            )
        return view


class EarlierAnalysis(_CamelModel):
    """An earlier analysis of the same patient and body site, for change over time."""

    id: str
    status: AnalysisStatus
    creation_date: datetime
    result: float | None = None
    is_melanoma: bool | None = None
    review_impression: Impression | None = None


class AnalysisRecord(_CamelModel):
    """An analysis as the API shows it (the image only when asked for).

    Records written before the clinical loop lack ``patientReference``, ``bodySite`` and the
    review fields: they read as null.
    """

    id: str
    description: str | None = None
    status: AnalysisStatus
    creation_date: datetime
    analysis_date: datetime | None = None
    result: float | None = None
    is_melanoma: bool | None = None
    model: ModelInfo | None = None
    failure_reason: str | None = None
    image: str | None = None  # data URL, only in the detail view
    image_type: str | None = None
    patient_reference: str | None = None
    body_site: BodySite | None = None
    review: ReviewView | None = None
    # Only in the submitting GP's detail view; null elsewhere.
    earlier_analyses: list[EarlierAnalysis] | None = None
    # Where the network looked, a PNG data URL (detail view only; older records have none).
    heatmap: str | None = None

    @classmethod
    def from_document(
        cls,
        doc: dict[str, Any],
        *,
        with_image: bool = False,
        reviewer_names: Mapping[str, str] | None = None,
    ) -> AnalysisRecord:
        """The API's view of a stored document; ``reviewer_names`` maps pseudonyms to names."""
        image = None
        if with_image and doc.get("image") is not None:
            image = f"data:{doc['imageType']};base64,{base64.b64encode(doc['image']).decode()}"
        heatmap = None
        if with_image and doc.get("heatmap") is not None:
            heatmap = f"data:image/png;base64,{base64.b64encode(doc['heatmap']).decode()}"
        return cls(
            id=doc["_id"],
            description=doc.get("description"),
            status=doc["status"],
            creation_date=doc["creationDate"],
            analysis_date=doc.get("analysisDate"),
            result=doc.get("result"),
            is_melanoma=doc.get("isMelanoma"),
            model=ModelInfo.model_validate(doc["model"]) if doc.get("model") else None,
            failure_reason=doc.get("failureReason"),
            image=image,
            image_type=doc.get("imageType"),
            patient_reference=doc.get("patientReference"),
            body_site=doc.get("bodySite"),
            review=ReviewView.from_document(doc, reviewer_names or {}),
            heatmap=heatmap,
        )
