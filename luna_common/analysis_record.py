"""The analysis record in MongoDB: one document per analysis, written by the API and the registrar.

The API inserts the record as *pending* before it queues the image; the registrar moves it to
*completed* or *failed* exactly once. Images stay out of list queries (projection).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Literal

from bson.binary import Binary
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.database import Database

from luna_common.messages import AnalysisResult, ModelInfo

COLLECTION = "analyses"
AnalysisStatus = Literal["pending", "completed", "failed"]
_SUMMARY_PROJECTION = {"image": False}


class AnalysisRecord(BaseModel):
    """An analysis as the API shows it (the image only when asked for)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

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

    @classmethod
    def from_document(cls, doc: dict[str, Any], *, with_image: bool = False) -> AnalysisRecord:
        image = None
        if with_image and doc.get("image") is not None:
            image = f"data:{doc['imageType']};base64,{base64.b64encode(doc['image']).decode()}"
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
        )


def analyses(db: Database) -> Collection:
    return db[COLLECTION]


def ensure_indexes(db: Database) -> None:
    """Indexes for the list query (user + date); idempotent."""
    analyses(db).create_index(
        [("userId", ASCENDING), ("creationDate", DESCENDING)], name="user_creation_date"
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
        }
    )


def delete_pending(db: Database, *, analysis_id: str) -> None:
    """Undo an insert whose image could not be queued, so no request waits for ever."""
    analyses(db).delete_one({"_id": analysis_id, "status": "pending"})


def record_result(db: Database, result: AnalysisResult) -> bool:
    """Write a result into its pending record; True if it changed the record.

    Idempotent: only a *pending* record is updated, so a redelivered result changes nothing.
    """
    update = {
        "status": result.status,
        "analysisDate": result.analysis_date,
        "result": result.result,
        "isMelanoma": result.is_melanoma,
        "model": result.model.model_dump(by_alias=True) if result.model else None,
        "failureReason": result.failure_reason,
    }
    outcome = analyses(db).update_one(
        {"_id": result.analysis_id, "userId": result.user_id, "status": "pending"},
        {"$set": update},
    )
    return outcome.modified_count == 1


def get_for_user(db: Database, *, analysis_id: str, user_id: str) -> dict[str, Any] | None:
    """One analysis of this user's, with its image; None when it is not theirs or not there."""
    return analyses(db).find_one({"_id": analysis_id, "userId": user_id})


def list_for_user(
    db: Database,
    *,
    user_id: str,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    skip: int = 0,
    limit: int = 20,
) -> tuple[list[dict[str, Any]], int]:
    """The user's analyses, newest first, without images, and how many match in all."""
    query: dict[str, Any] = {"userId": user_id}
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
