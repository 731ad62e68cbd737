"""Analyses: submit an image, list the caller's analyses, read one of them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from luna_api import analysis_service, review_service
from luna_api.analysis_views import AnalysisRecord
from luna_api.api.deps import CurrentUser, RuntimeDep, SessionDep
from luna_api.audit import audit
from luna_api.errors import AnalysisNotFound, InvalidQuery
from luna_api.json_body import JsonRoute
from luna_api.models import DERMATOLOGIST_ROLE
from luna_api.schemas import AnalysisPage, ImageProcessRequest, ImageProcessResponse, Message
from luna_common.clinical_terms import clean_patient_reference

router = APIRouter(prefix="/api", tags=["analyses"], route_class=JsonRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Message} for code in (400, 401, 413, 415, 422, 503)
}


def parse_date_bound(value: str | None, *, name: str, end: bool) -> datetime | None:
    """An ISO 8601 date or datetime as an aware UTC bound.

    A plain date as ``dateTo`` includes that whole day (the bound is the next midnight).
    """
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day + timedelta(days=1 if end else 0), time(), UTC)
        moment = datetime.fromisoformat(value)
        # Inside the try: a zone offset can push year 9999 or year 1 off the calendar.
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise InvalidQuery(
            f"{name} must be an ISO 8601 date or datetime within years 1-9999, "
            "e.g. 2024-05-31 or 2024-05-31T12:00Z"
        ) from exc


@router.post(
    "/imageProcess",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImageProcessResponse,
    responses=_ERRORS,
)
def submit_image(
    body: ImageProcessRequest, runtime: RuntimeDep, user: CurrentUser
) -> ImageProcessResponse:
    """Queue an image (base64 JPEG or PNG) for analysis; answers before the analysis runs."""
    analysis_id, created = analysis_service.submit_analysis(
        mongo=runtime.mongo,
        publisher=runtime.publisher,
        settings=runtime.settings,
        pseudonym=user.pseudonym,
        image_text=body.image,
        description=body.description,
        patient_reference=body.patient_reference,
        body_site=body.body_site,
    )
    audit("submit", user=user.pseudonym, analysis_id=analysis_id)
    return ImageProcessResponse(id=analysis_id, creation_date=created)


@router.get("/me/getAnalysisList", response_model=AnalysisPage, responses=_ERRORS)
def list_analyses(
    runtime: RuntimeDep,
    user: CurrentUser,
    session: SessionDep,
    date_from: Annotated[str | None, Query(alias="dateFrom", max_length=40)] = None,
    date_to: Annotated[str | None, Query(alias="dateTo", max_length=40)] = None,
    patient_reference: Annotated[
        str | None, Query(alias="patientReference", max_length=200)
    ] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> AnalysisPage:
    """The caller's analyses, newest first, without images; dates are ISO 8601.

    ``patientReference`` keeps one patient's analyses; each item carries its ``review``.
    """
    try:
        reference = clean_patient_reference(patient_reference)
    except ValueError as exc:
        raise InvalidQuery(f"patientReference: {exc}") from exc
    items, total = analysis_service.list_analyses(
        mongo=runtime.mongo,
        pseudonym=user.pseudonym,
        date_from=parse_date_bound(date_from, name="dateFrom", end=False),
        date_to=parse_date_bound(date_to, name="dateTo", end=True),
        patient_reference=reference,
        page=page,
        page_size=page_size,
        reviewer_names=review_service.names_from(session),
    )
    audit("list", user=user.pseudonym, analysis_ids=[item.id for item in items])
    return AnalysisPage(items=items, total=total, page=page, page_size=page_size)


@router.get(
    "/getAnalysis/{analysis_id}",
    response_model=AnalysisRecord,
    responses={404: {"model": Message}, 401: {"model": Message}},
)
def read_analysis(
    runtime: RuntimeDep,
    user: CurrentUser,
    session: SessionDep,
    analysis_id: Annotated[str, Path(max_length=64)],
) -> AnalysisRecord:
    """One of the caller's analyses with its image as a data URL; 404 for any other id.

    A dermatologist may also open an analysis waiting in the worklist or one they reviewed.
    """
    names = review_service.names_from(session)
    try:
        record = analysis_service.get_analysis(
            mongo=runtime.mongo,
            pseudonym=user.pseudonym,
            analysis_id=analysis_id,
            reviewer_names=names,
        )
    except AnalysisNotFound:
        if DERMATOLOGIST_ROLE not in user.role_names:
            raise
        try:
            record = review_service.read_as_reviewer(
                mongo=runtime.mongo, reviewer=user.pseudonym, analysis_id=analysis_id, names=names
            )
        except AnalysisNotFound:
            audit("read", outcome="denied", user=user.pseudonym, analysis_id=analysis_id)
            raise
        audit("read", user=user.pseudonym, analysis_id=analysis_id, role="dermatologist")
        return record
    audit("read", user=user.pseudonym, analysis_id=analysis_id)
    return record
