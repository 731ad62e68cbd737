"""HL7 FHIR R4B export: an analysis as a DiagnosticReport, and a GP's reports as a Bundle."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from luna_api import fhir_report, review_service, review_store
from luna_api.api.deps import CurrentUser, RuntimeDep, SessionDep
from luna_api.audit import audit
from luna_api.errors import AnalysisNotFound, InvalidQuery
from luna_api.json_body import JsonRoute
from luna_api.schemas import Message
from luna_common import analysis_record
from luna_common.clinical_terms import clean_patient_reference

router = APIRouter(prefix="/api/fhir", tags=["fhir"], route_class=JsonRoute)

_FHIR_JSON: dict[int | str, dict[str, Any]] = {
    200: {"content": {fhir_report.FHIR_MEDIA_TYPE: {}}, "description": "FHIR R4B JSON"},
    401: {"model": Message},
    404: {"model": Message},
    422: {"model": Message},
}


def _fhir(body: str) -> Response:
    return Response(content=body, media_type=fhir_report.FHIR_MEDIA_TYPE)


@router.get("/DiagnosticReport/{analysis_id}", response_class=Response, responses=_FHIR_JSON)
def read_report(
    runtime: RuntimeDep,
    session: SessionDep,
    user: CurrentUser,
    analysis_id: Annotated[str, Path(max_length=64)],
) -> Response:
    """The analysis as a FHIR R4B DiagnosticReport, for the GP who submitted it or a
    dermatologist who reviewed it; 404 for anyone else."""
    doc = review_store.find(runtime.mongo, analysis_id=analysis_id)
    if doc is None or user.pseudonym not in {doc["userId"], *(doc.get("reviewers") or [])}:
        audit("fhir_read", outcome="denied", user=user.pseudonym, analysis_id=analysis_id)
        raise AnalysisNotFound()
    report = fhir_report.diagnostic_report(
        doc,
        patient_system=runtime.settings.fhir_patient_identifier_system,
        reviewer_names=review_service.names_from(session)([doc]),
    )
    audit("fhir_read", user=user.pseudonym, analysis_id=analysis_id)
    return _fhir(fhir_report.to_json(report))


@router.get("/DiagnosticReport", response_class=Response, responses=_FHIR_JSON)
def search_reports(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    user: CurrentUser,
    patient: Annotated[
        str | None,
        Query(max_length=300, description="the patient reference, or SYSTEM|REFERENCE"),
    ] = None,
    count: Annotated[int, Query(alias="_count", ge=1, le=100)] = 20,
) -> Response:
    """A ``searchset`` Bundle of the caller's own reports, newest first, optionally of one
    patient; photos without their bytes (read a report by its id for them)."""
    # FHIR token search: REFERENCE, or SYSTEM|REFERENCE (another system matches nothing).
    reference, other_system = patient, False
    if patient is not None and "|" in patient:
        system, reference = patient.split("|", 1)
        other_system = bool(system) and system != runtime.settings.fhir_patient_identifier_system
    try:
        cleaned = clean_patient_reference(reference)
    except ValueError as exc:
        raise InvalidQuery(f"patient: {exc}") from exc
    docs: list[dict[str, Any]] = []
    total = 0
    if not other_system:
        docs, total = analysis_record.list_for_user(
            runtime.mongo, user_id=user.pseudonym, patient_reference=cleaned, limit=count
        )
    names = review_service.names_from(session)(docs)
    reports = [
        fhir_report.diagnostic_report(
            doc,
            patient_system=runtime.settings.fhir_patient_identifier_system,
            reviewer_names=names,
            with_photo_data=False,
        )
        for doc in docs
    ]
    base_url = str(request.base_url).rstrip("/")
    bundle = fhir_report.searchset(
        reports, total=total, self_url=str(request.url), base_url=base_url
    )
    audit("fhir_search", user=user.pseudonym, count=str(len(reports)))
    return _fhir(fhir_report.to_json(bundle))
