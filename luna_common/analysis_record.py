"""The analysis record in MongoDB: one document per analysis, written by the API and the registrar.

The API inserts the record as *pending* before it queues the image; the registrar moves it to
*completed* or *failed* exactly once. Images stay out of list queries (projection).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from bson.binary import Binary
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.database import Database

from luna_common.clinical_terms import (
    BodySite,
    Impression,
    Recommendation,
    ReviewReason,
    ReviewStatus,
)
from luna_common.messages import AnalysisResult, ModelInfo

COLLECTION = "analyses"
AnalysisStatus = Literal["pending", "completed", "failed"]
_SUMMARY_PROJECTION = {"image": False, "heatmap": False}


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


def analyses(db: Database) -> Collection:
    return db[COLLECTION]


def ensure_indexes(db: Database) -> None:
    """Indexes for the list query (user + date), the patient filter and follow-up, and the
    dermatologists' worklist (waiting, highest risk first) and history; idempotent."""
    collection = analyses(db)
    collection.create_index(
        [("userId", ASCENDING), ("creationDate", DESCENDING)], name="user_creation_date"
    )
    collection.create_index(
        [("userId", ASCENDING), ("patientReference", ASCENDING), ("creationDate", DESCENDING)],
        name="user_patient_creation_date",
    )
    collection.create_index(
        [("reviewStatus", ASCENDING), ("status", ASCENDING), ("result", DESCENDING)],
        name="review_worklist",
    )
    collection.create_index(
        [("reviewers", ASCENDING), ("result", DESCENDING)], name="reviewer_result"
    )


def insert_pending(
    db: Database,
    *,
    analysis_id: str,
    user_id: str,
    description: str | None,
    image: bytes,
    image_type: str,
    creation_date: datetime,
    patient_reference: str | None = None,
    body_site: str | None = None,
) -> None:
    analyses(db).insert_one(
        {
            "_id": analysis_id,
            "userId": user_id,
            "description": description,
            "image": Binary(image),
            "imageType": image_type,
            "status": "pending",
            "creationDate": creation_date,
            "analysisDate": None,
            "result": None,
            "isMelanoma": None,
            "model": None,
            "failureReason": None,
            "patientReference": patient_reference,
            "bodySite": body_site,
        }
    )


def delete_pending(db: Database, *, analysis_id: str) -> None:
    """Undo an insert whose image could not be queued, so no request waits for ever."""
    analyses(db).delete_one({"_id": analysis_id, "status": "pending"})


def record_result(db: Database, result: AnalysisResult) -> bool:
    """Write a result into its pending record; True if it changed the record.

    Idempotent: only a *pending* record is updated, so a redelivered result changes nothing.
    """
    update: dict[str, Any] = {
        "status": result.status,
        "analysisDate": result.analysis_date,
        "result": result.result,
        "isMelanoma": result.is_melanoma,
        "model": result.model.model_dump(by_alias=True) if result.model else None,
        "failureReason": result.failure_reason,
    }
    if result.status == "failed":
        update["reviewStatus"] = None  # a failed analysis never waits for a dermatologist
    if result.heatmap is not None:
        update["heatmap"] = Binary(result.heatmap)
    changes: dict[str, Any] = {"$set": update}
    # The worklist entry is part of the same pending-only write: a redelivered or conflicting
    # result can neither add a reason nor re-open a review (a GP's earlier request is kept).
    if reasons := automatic_review_reasons(result):
        update["reviewStatus"] = "pending"
        changes["$addToSet"] = {"reviewReasons": {"$each": reasons}}
    outcome = analyses(db).update_one(
        {"_id": result.analysis_id, "userId": result.user_id, "status": "pending"}, changes
    )
    return outcome.modified_count == 1


def automatic_review_reasons(result: AnalysisResult) -> list[str]:
    """Why a result enters the dermatologists' worklist by itself: a melanoma risk above the
    model's threshold, or a model whose card says it was not validated. Failed results never."""
    if result.status != "completed" or result.model is None:
        return []
    reasons = []
    if result.is_melanoma:
        reasons.append("melanoma_risk")
    if not result.model.validated:
        reasons.append("unvalidated_model")
    return reasons


def get_for_user(db: Database, *, analysis_id: str, user_id: str) -> dict[str, Any] | None:
    """One analysis of this user's, with its image; None when it is not theirs or not there."""
    return analyses(db).find_one({"_id": analysis_id, "userId": user_id})


def list_for_user(
    db: Database,
    *,
    user_id: str,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    patient_reference: str | None = None,
    skip: int = 0,
    limit: int = 20,
) -> tuple[list[dict[str, Any]], int]:
    """The user's analyses, newest first, without images, and how many match in all."""
    query: dict[str, Any] = {"userId": user_id}
    if patient_reference is not None:
        query["patientReference"] = patient_reference
    created: dict[str, datetime] = {}
    if date_from is not None:
        created["$gte"] = date_from
    if date_to is not None:
        created["$lt"] = date_to
    if created:
        query["creationDate"] = created
    cursor = (
        analyses(db)
        .find(query, _SUMMARY_PROJECTION)
        .sort([("creationDate", DESCENDING), ("_id", DESCENDING)])
        .skip(skip)
        .limit(limit)
    )
    return list(cursor), analyses(db).count_documents(query)


def connect(mongo_url: str, db_name: str, *, timeout_ms: int = 5000) -> Database:
    """The LUNA results database; datetimes come back timezone-aware (UTC)."""
    from pymongo import MongoClient

    client: MongoClient = MongoClient(
        mongo_url, tz_aware=True, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    return client[db_name]
