"""The audit trail: who signed in, saw, submitted or changed what, when, and from where.

``audit(...)`` appends one event to the hash-chained trail in PostgreSQL (``trail.py``) and
writes the same line to the ``luna.audit`` logger. Events carry pseudonymous user ids only;
never passwords, tokens, images, or a signed-in user's username or e-mail.

Inside a request the trail and the client address come from the request (``bind_request``),
so callers name only what happened. Outside one (no trail bound), the event is only logged.
Reads are audited before they are answered: if the trail cannot be written, the read fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from luna_api.audit.trail import AuditRecord, AuditTrail

audit_log = logging.getLogger("luna.audit")

__all__ = ["AuditRecord", "AuditTrail", "audit", "bind_request"]


@dataclass(frozen=True)
class _RequestContext:
    trail: AuditTrail
    client: str | None


_request: ContextVar[_RequestContext | None] = ContextVar("luna_audit_request", default=None)


@contextmanager
def bind_request(trail: AuditTrail, client: str | None) -> Iterator[None]:
    """Within this block (one request), ``audit`` writes to ``trail`` with ``client``."""
    token = _request.set(_RequestContext(trail, client))
    try:
        yield
    finally:
        _request.reset(token)


def audit(
    action: str,
    *,
    outcome: str = "success",
    user: str | None = None,
    analysis_id: str | None = None,
    client: str | None = None,
    analysis_ids: Sequence[str] = (),
    target_user: str | None = None,
    session: Session | None = None,
    **details: str,
) -> None:
    """Record one audit event.

    ``user`` is the acting user's pseudonym (None when unknown); ``analysis_id`` or
    ``analysis_ids`` the analyses concerned; ``target_user`` the pseudonym of an account that
    was changed; ``client`` defaults to the request's client address. With ``session`` the
    event joins that transaction (it lands only if the change it describes is committed).
    """
    context = _request.get()
    if client is None and context is not None:
        client = context.client
    ids = [_text(analysis_id)] if analysis_id else []
    ids += [_text(i) for i in analysis_ids if _text(i) not in ids]
    record = AuditRecord(
        action=action,
        outcome=outcome,
        actor=user,
        target=target_user,
        analysis_ids=ids,
        client=_text(client, 64) if client else None,
        details={key: _text(str(value)) for key, value in details.items()},
    )
    if context is not None:
        context.trail.append(record, session=session)
    _log(record)


def _text(value: str, limit: int = 500) -> str:
    """A value as PostgreSQL text can hold it: NUL shown escaped, bounded length. Refused input
    (an id a client made up) is recorded too, so it must never make the event fail."""
    cleaned = value.replace("\x00", "\\x00")
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


def _log(record: AuditRecord) -> None:
    fields = {
        "action": record.action,
        "outcome": record.outcome,
        "user": record.actor or "unknown",
        "at": datetime.now(UTC).isoformat(),
    }
    if record.analysis_ids:
        fields["analysis_id"] = ",".join(record.analysis_ids)
    if record.target:
        fields["target_user"] = record.target
    if record.client:
        fields["client"] = record.client
    fields.update(record.details)
    audit_log.info(
        " ".join(f"{key}={value}" for key, value in fields.items()),
        extra={f"audit_{key}": value for key, value in fields.items()},
    )
