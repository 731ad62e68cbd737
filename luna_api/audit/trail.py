"""The audit trail in PostgreSQL: append-only, each event carrying the hash of the one before.

Appending takes a transaction-level advisory lock, so events written at the same time by
several API processes (or replicas) still form one chain in ``seq`` order. Changing, removing
or inserting an event breaks the chain from there on, which ``verify()`` finds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, or_, select, text
from sqlalchemy.orm import Session, aliased

from luna_api.audit.group_commit import GroupCommit
from luna_api.models import AuditEvent, User

GENESIS_HASH = "0" * 64
# Any constant, other than the migrations' lock: serialises appends across processes.
_APPEND_LOCK_ID = 0x4C554E41_41554454


@dataclass(frozen=True)
class AuditRecord:
    """What happened, before it gets its place in the chain."""

    action: str
    outcome: str = "success"
    actor: str | None = None  # pseudonym of the user who acted, None when unknown
    target: str | None = None  # pseudonym of the account acted on, for account changes
    analysis_ids: Sequence[str] = ()
    client: str | None = None
    details: dict[str, str] = field(default_factory=dict)


def event_hash(prev_hash: str, *, seq: int, at: datetime, record: AuditRecord | AuditEvent) -> str:
    """SHA-256 of the previous hash and the event's fields in canonical JSON."""
    body = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": record.action,
        "outcome": record.outcome,
        "actor": record.actor,
        "target": record.target,
        "analysisIds": list(record.analysis_ids),
        "client": record.client,
        "details": dict(record.details),
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _append(connection: Connection | Session, records: Sequence[AuditRecord]) -> list[int]:
    """Add ``records`` in order after the chain's last event; their sequence numbers.

    The lock is held until the transaction ends; several records share one lock, one read of
    the last event and one multi-row insert (see ``group_commit``)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _APPEND_LOCK_ID})
    last = connection.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    rows: list[dict[str, Any]] = []
    seqs: list[int] = []
    for record in records:
        seq += 1
        at = datetime.now(UTC)  # taken under the lock, so time never runs backwards along the chain
        this_hash = event_hash(prev_hash, seq=seq, at=at, record=record)
        seqs.append(seq)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "action": record.action,
                "outcome": record.outcome,
                "actor": record.actor,
                "target": record.target,
                "analysis_ids": list(record.analysis_ids),
                "client": record.client,
                "details": dict(record.details),
                "prev_hash": prev_hash,
                "hash": this_hash,
            }
        )
        prev_hash = this_hash
    connection.execute(insert(AuditEvent), rows)
    return seqs


class AuditTrail:
    """Appends to, checks and reads the trail in one users database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._group = GroupCommit(self._append_group, name="audit-trail")

    def append(self, record: AuditRecord, *, session: Session | None = None) -> int:
        """Add an event; inside ``session``'s transaction when given (it commits), else in
        a transaction shared with the events other threads append at the same moment (it is
        committed before this returns). Returns the event's sequence number."""
        if session is not None:
            return _append(session, [record])[0]
        return self._group.submit(record)

    def _append_group(self, records: Sequence[AuditRecord]) -> list[int]:
        with self.engine.begin() as connection:
            return _append(connection, records)

    def close(self) -> None:
        """Stop the thread that writes the grouped events (after the ones waiting)."""
        self._group.close()

    def verify(self) -> tuple[int, str | None]:
        """Walk the chain: (events checked, None) when intact, else (the first broken event's
        sequence number, what is wrong)."""
        prev_hash, expected_seq = GENESIS_HASH, 1
        with Session(self.engine) as session:
            events = session.scalars(
                select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=1000)
            )
            for event in events:
                if event.seq != expected_seq:
                    return expected_seq, f"event {expected_seq} is missing"
                if event.prev_hash != prev_hash:
                    return event.seq, "it does not carry the previous event's hash"
                if event.hash != event_hash(prev_hash, seq=event.seq, at=event.at, record=event):
                    return event.seq, "its content does not match its hash"
                prev_hash, expected_seq = event.hash, expected_seq + 1
        return expected_seq - 1, None

    def search(
        self,
        *,
        session: Session,
        analysis_id: str | None,
        user_id: int | None,
        start: datetime | None,
        end: datetime | None,
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """Events matching every given filter, newest first, and how many match in all.

        ``user_id`` matches the user who acted and the account acted on."""
        actor_user, target_user = aliased(User), aliased(User)
        filters = []
        if analysis_id is not None:
            filters.append(AuditEvent.analysis_ids.any_() == analysis_id)
        if user_id is not None:
            pseudonym = select(User.pseudonym).where(User.id == user_id).scalar_subquery()
            filters.append(or_(AuditEvent.actor == pseudonym, AuditEvent.target == pseudonym))
        if start is not None:
            filters.append(AuditEvent.at >= start)
        if end is not None:
            filters.append(AuditEvent.at < end)
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(*filters))
        rows = session.execute(
            select(AuditEvent, actor_user.id, actor_user.username, target_user.id)
            .outerjoin(actor_user, actor_user.pseudonym == AuditEvent.actor)
            .outerjoin(target_user, target_user.pseudonym == AuditEvent.target)
            .where(*filters)
            .order_by(AuditEvent.seq.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        items = [
            {
                "id": event.seq,
                "at": event.at,
                "action": event.action,
                "outcome": event.outcome,
                "user_id": actor_id,
                "username": actor_name,
                "target_user_id": target_id,
                "analysis_ids": list(event.analysis_ids),
                "client": event.client,
                "details": dict(event.details),
                "hash": event.hash,
            }
            for event, actor_id, actor_name, target_id in rows
        ]
        return items, int(total or 0)
