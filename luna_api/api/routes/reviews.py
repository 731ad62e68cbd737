"""The dermatologist review: the worklist, a review, and the GP's request for one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, status

from luna_api import review_service
from luna_api.analysis_views import ReviewView
from luna_api.api.deps import CurrentUser, DermatologistUser, RuntimeDep, SessionDep
from luna_api.audit import audit
from luna_api.json_body import JsonRoute
from luna_api.schemas import Message, ReviewPage, ReviewRequest, ReviewSubmission

router = APIRouter(prefix="/api", tags=["reviews"], route_class=JsonRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Message} for code in (401, 403, 404, 409, 422, 503)
}
AnalysisId = Annotated[str, Path(max_length=64)]


@router.get("/reviews", response_model=ReviewPage, responses=_ERRORS)
def read_worklist(
    runtime: RuntimeDep,
    session: SessionDep,
    user: DermatologistUser,
    review_status: Annotated[Literal["pending", "done"], Query(alias="status")] = "pending",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> ReviewPage:
    """Dermatologists only: analyses waiting for review (``pending``) or the ones the caller
    reviewed (``done``), highest risk first; without images and without the GP's identity."""
    items, total = review_service.worklist(
        mongo=runtime.mongo,
        reviewer=user.pseudonym,
        status=review_status,
        page=page,
        page_size=page_size,
        names=review_service.names_from(session),
    )
    audit("worklist", user=user.pseudonym, status=review_status, count=str(len(items)))
    return ReviewPage(items=items, total=total, page=page, page_size=page_size)


@router.post(
    "/getAnalysis/{analysis_id}/review-request",
    status_code=status.HTTP_201_CREATED,
    response_model=ReviewView,
    responses=_ERRORS,
)
def ask_for_review(
    runtime: RuntimeDep,
    session: SessionDep,
    user: CurrentUser,
    analysis_id: AnalysisId,
    body: Annotated[ReviewRequest | None, Body()] = None,
) -> ReviewView:
    """The GP who submitted the analysis asks a dermatologist, with an optional question.

    404 for anyone else's analysis; 409 when it failed, was reviewed or already requested.
    """
    view = review_service.request_review(
        mongo=runtime.mongo,
        pseudonym=user.pseudonym,
        analysis_id=analysis_id,
        question=body.question if body else None,
        names=review_service.names_from(session),
    )
    audit("review_request", user=user.pseudonym, analysis_id=analysis_id)
    return view


@router.post(
    "/getAnalysis/{analysis_id}/review",
    status_code=status.HTTP_201_CREATED,
    response_model=ReviewView,
    responses=_ERRORS,
)
def review_analysis(
    runtime: RuntimeDep,
    session: SessionDep,
    user: DermatologistUser,
    analysis_id: AnalysisId,
    body: ReviewSubmission,
) -> ReviewView:
    """Dermatologists only: one review per analysis. A second answers 409 unless it says
    ``"amends": true``, which replaces the review and keeps the earlier version."""
    view = review_service.submit_review(
        mongo=runtime.mongo,
        reviewer=user.pseudonym,
        analysis_id=analysis_id,
        submission=body,
        names=review_service.names_from(session),
    )
    audit(
        "review_amend" if body.amends else "review",
        user=user.pseudonym,
        analysis_id=analysis_id,
        impression=body.impression,
    )
    return view
