"""The dermatologist's side of the clinical loop: the worklist, reading and reviewing analyses,
and the GP's request for a review.

A dermatologist may open an analysis that is waiting in the worklist or that they reviewed,
and no other. The GP's identity never leaves the record: views built here carry no ``userId``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo.database import Database
from sqlalchemy.orm import Session

from luna_api import crud, review_store
from luna_api.analysis_service import ReviewerNames
from luna_api.analysis_views import AnalysisRecord, ReviewView
from luna_api.errors import AnalysisNotFound, ReviewConflict
from luna_api.schemas import ReviewSubmission


def reviewer_pseudonyms(docs: Sequence[dict[str, Any]]) -> set[str]:
    """Every reviewer of these documents, current and earlier versions."""
    found = set()
    for doc in docs:
        for opinion in [doc.get("review"), *(doc.get("reviewHistory") or [])]:
            if opinion:
                found.add(opinion["reviewer"])
    return found


def names_from(session: Session) -> ReviewerNames:
    """A resolver of reviewer pseudonyms to names, read from PostgreSQL when needed."""

    def resolve(docs: Sequence[dict[str, Any]]) -> Mapping[str, str]:
        return crud.usernames_by_pseudonym(session=session, pseudonyms=reviewer_pseudonyms(docs))

    return resolve


def _now() -> datetime:
    # Mongo keeps milliseconds: truncate so the answer equals what is stored.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _why_not_reviewable(doc: dict[str, Any]) -> str:
    if doc["status"] == "pending":
        return "The analysis is still pending; only a completed analysis can be reviewed"
    if doc["status"] == "failed":
        return "The analysis failed; a failed analysis cannot be reviewed"
    if doc.get("reviewStatus") == "done":
        return 'This analysis was already reviewed; send "amends": true to amend the review'
    return "This analysis cannot be reviewed now"


def request_review(
    *, mongo: Database, pseudonym: str, analysis_id: str, question: str | None, names: ReviewerNames
) -> ReviewView:
    """The submitting GP asks for a review; 404 for anyone else, 409 when not possible."""
    doc = review_store.find(mongo, analysis_id=analysis_id)
    if doc is None or doc["userId"] != pseudonym:
        raise AnalysisNotFound()
    if not review_store.request_review(
        mongo, analysis_id=analysis_id, user_id=pseudonym, question=question, at=_now()
    ):
        doc = review_store.find(mongo, analysis_id=analysis_id) or doc
        if doc["status"] == "failed":
            raise ReviewConflict("The analysis failed; a failed analysis cannot be reviewed")
        if doc.get("reviewStatus") == "done":
            raise ReviewConflict("This analysis was already reviewed")
        raise ReviewConflict("A review of this analysis was already requested")
    doc = review_store.find(mongo, analysis_id=analysis_id) or doc
    view = ReviewView.from_document(doc, names([doc]))
    assert view is not None  # just written
    return view


def worklist(
    *,
    mongo: Database,
    reviewer: str,
    status: str,
    page: int,
    page_size: int,
    names: ReviewerNames,
) -> tuple[list[AnalysisRecord], int]:
    """One page of the worklist (``pending``) or of this dermatologist's reviews (``done``)."""
    docs, total = review_store.worklist(
        mongo, status=status, reviewer=reviewer, skip=(page - 1) * page_size, limit=page_size
    )
    resolved = names(docs)
    return [AnalysisRecord.from_document(doc, reviewer_names=resolved) for doc in docs], total


def read_as_reviewer(
    *, mongo: Database, reviewer: str, analysis_id: str, names: ReviewerNames
) -> AnalysisRecord:
    """An analysis in the worklist or reviewed by this dermatologist, image and heatmap
    included; AnalysisNotFound for any other."""
    doc = review_store.find(mongo, analysis_id=analysis_id)
    if doc is None or not review_store.is_readable_by_reviewer(doc, reviewer=reviewer):
        raise AnalysisNotFound()
    return AnalysisRecord.from_document(doc, with_image=True, reviewer_names=names([doc]))


def submit_review(
    *,
    mongo: Database,
    reviewer: str,
    analysis_id: str,
    submission: ReviewSubmission,
    names: ReviewerNames,
) -> ReviewView:
    """Store a dermatologist's review, or amend theirs keeping the earlier version.

    404 when the analysis does not exist or is outside the dermatologist's reach; 409 when it
    is pending or failed, already reviewed (without ``amends``), or has no review to amend.
    """
    doc = review_store.find(mongo, analysis_id=analysis_id)
    if doc is None:
        raise AnalysisNotFound()
    if doc["status"] != "completed":
        raise ReviewConflict(_why_not_reviewable(doc))
    if not review_store.is_readable_by_reviewer(doc, reviewer=reviewer):
        raise AnalysisNotFound()
    opinion = {
        "impression": submission.impression,
        "recommendation": submission.recommendation,
        "agreesWithModel": submission.agrees_with_model,
        "comment": submission.comment,
        "reviewedAt": _now(),
        "reviewer": reviewer,
    }
    if submission.amends:
        previous = doc.get("review")
        if previous is None:
            raise ReviewConflict("This analysis has no review to amend yet")
        stored = review_store.store_amendment(
            mongo, analysis_id=analysis_id, previous=previous, opinion=opinion
        )
        if not stored:
            raise ReviewConflict("The review changed meanwhile; read it again before amending")
    elif not review_store.store_first_review(mongo, analysis_id=analysis_id, opinion=opinion):
        raise ReviewConflict(
            _why_not_reviewable(review_store.find(mongo, analysis_id=analysis_id) or doc)
        )
    doc = review_store.find(mongo, analysis_id=analysis_id) or doc
    view = ReviewView.from_document(doc, names([doc]))
    assert view is not None  # just written
    return view
