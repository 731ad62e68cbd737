"""The analysis record in MongoDB: one document per analysis, written by the API and the registrar.

This module is the storage both share (the document's fields, indexes and writes); how the API
shows a record lives in ``luna_api/analysis_views.py``.

The API inserts the record as *pending* before it queues the image; the registrar moves it to
*completed* or *failed* exactly once. Images stay out of list queries (projection).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from bson.binary import Binary
from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.database import Database

from luna_common.messages import AnalysisResult

COLLECTION = "analyses"
AnalysisStatus = Literal["pending", "completed", "failed"]
_SUMMARY_PROJECTION = {"image": False, "heatmap": False}


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
