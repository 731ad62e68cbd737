"""Reviews in the results database: the worklist queries and the review writes.

Only the API writes reviews; the registrar only marks automatic worklist entries
(``analysis_record.record_result``). Each write is one conditional ``update_one``, so two
dermatologists answering at once cannot both store a first review.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from luna_common.analysis_record import analyses

# A dermatologist's worklist: completed analyses waiting for review.
_WAITING = {"reviewStatus": "pending", "status": "completed"}
_LIST_PROJECTION = {"image": False, "heatmap": False, "userId": False}


def find(db: Database, *, analysis_id: str) -> dict[str, Any] | None:
    """The stored document, image included; None when there is none."""
    return analyses(db).find_one({"_id": analysis_id})


def is_readable_by_reviewer(doc: dict[str, Any], *, reviewer: str) -> bool:
    """In the worklist (completed and waiting), or reviewed by this dermatologist."""
    waiting = doc.get("reviewStatus") == "pending" and doc.get("status") == "completed"
    return waiting or reviewer in (doc.get("reviewers") or [])


def worklist(
    db: Database, *, status: str, reviewer: str, skip: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Waiting analyses (``pending``) or those this dermatologist reviewed (``done``),
    highest risk first, then oldest first; without images or the GP's pseudonym."""
    query: dict[str, Any] = (
        dict(_WAITING) if status == "pending" else {"reviewers": reviewer, "reviewStatus": "done"}
    )
    cursor = (
        analyses(db)
        .find(query, _LIST_PROJECTION)
        .sort([("result", DESCENDING), ("creationDate", ASCENDING), ("_id", ASCENDING)])
        .skip(skip)
        .limit(limit)
    )
    return list(cursor), analyses(db).count_documents(query)


def request_review(
    db: Database, *, analysis_id: str, user_id: str, question: str | None, at: datetime
) -> bool:
    """Put a pending or completed analysis of this GP's in the worklist; False when it is
    failed, already reviewed, already requested, or not theirs."""
    outcome = analyses(db).update_one(
        {
            "_id": analysis_id,
            "userId": user_id,
            "status": {"$in": ["pending", "completed"]},
            "reviewStatus": {"$ne": "done"},
            "reviewReasons": {"$ne": "requested"},
        },
        {
            "$set": {
                "reviewStatus": "pending",
                "reviewQuestion": question,
                "reviewRequestedAt": at,
            },
            "$addToSet": {"reviewReasons": "requested"},
        },
    )
    return outcome.modified_count == 1


def store_first_review(db: Database, *, analysis_id: str, opinion: dict[str, Any]) -> bool:
    """Store the first review of a waiting, completed analysis; False when another came first."""
    outcome = analyses(db).update_one(
        {"_id": analysis_id, "status": "completed", "reviewStatus": "pending", "review": None},
        {
            "$set": {"review": opinion, "reviewStatus": "done"},
            "$addToSet": {"reviewers": opinion["reviewer"]},
        },
    )
    return outcome.modified_count == 1


def store_amendment(
    db: Database, *, analysis_id: str, previous: dict[str, Any], opinion: dict[str, Any]
) -> bool:
    """Replace the current review, keeping ``previous`` in the history; False when the
    review changed meanwhile (the caller read a stale version)."""
    outcome = analyses(db).update_one(
        {"_id": analysis_id, "reviewStatus": "done", "review.reviewedAt": previous["reviewedAt"]},
        {
            "$set": {"review": opinion},
            "$push": {"reviewHistory": previous},
            "$addToSet": {"reviewers": opinion["reviewer"]},
        },
    )
    return outcome.modified_count == 1


def earlier_analyses(
    db: Database,
    *,
    user_id: str,
    patient_reference: str,
    body_site: str | None,
    before: datetime,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """The same GP's earlier analyses of this patient and body site, newest first."""
    return list(
        analyses(db)
        .find(
            {
                "userId": user_id,
                "patientReference": patient_reference,
                "bodySite": body_site,
                "creationDate": {"$lt": before},
            },
            {"status": 1, "creationDate": 1, "result": 1, "isMelanoma": 1, "review": 1},
        )
        .sort([("creationDate", DESCENDING)])
        .limit(limit)
    )
