"""The audit trail, for admins: who saw or changed what, when, from where."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from luna_api.api.deps import AdminUser, RuntimeDep, SessionDep
from luna_api.api.routes.analyses import parse_date_bound
from luna_api.audit import audit
from luna_api.json_body import JsonRoute
from luna_api.schemas import AuditEventOut, AuditPage, Message

router = APIRouter(prefix="/api", tags=["audit"], route_class=JsonRoute)


@router.get(
    "/audit",
    response_model=AuditPage,
    responses={code: {"model": Message} for code in (401, 403, 422)},
)
def read_audit_trail(
    runtime: RuntimeDep,
    session: SessionDep,
    admin: AdminUser,
    analysis_id: Annotated[str | None, Query(alias="analysisId", max_length=64)] = None,
    user_id: Annotated[int | None, Query(alias="userId", ge=1, le=2**31 - 1)] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=200)] = 50,
) -> AuditPage:
    """Audit events, newest first. ``analysisId``: events about that analysis; ``userId``:
    events by that user or about their account; ``from``/``to``: ISO 8601 dates or times
    (a plain ``to`` date includes that day)."""
    query: dict[str, Any] = {
        "analysis_id": analysis_id,
        "user_id": user_id,
        "start": parse_date_bound(date_from, name="from", end=False),
        "end": parse_date_bound(date_to, name="to", end=True),
    }
    items, total = runtime.audit_trail.search(
        session=session, offset=(page - 1) * page_size, limit=page_size, **query
    )
    session.commit()
    # Reading the trail is itself an event: who looked for whom.
    audit(
        "audit_read",
        user=admin.pseudonym,
        filters=", ".join(f"{key}={value}" for key, value in query.items() if value is not None),
    )
    return AuditPage(
        items=[AuditEventOut.model_validate(item) for item in items],
        total=total,
        page=page,
        page_size=page_size,
    )
