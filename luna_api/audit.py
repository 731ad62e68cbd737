"""The audit trail: one line per sign-in, sign-up, submission and read of an analysis.

Written to the ``luna.audit`` logger with the pseudonymous user id; never passwords, tokens,
images, and never the username or email of a signed-in user.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

audit_log = logging.getLogger("luna.audit")


def audit(
    action: str,
    *,
    outcome: str = "success",
    user: str | None = None,
    analysis_id: str | None = None,
    client: str | None = None,
    **details: str,
) -> None:
    """Log one audit event; ``user`` is a pseudonym (or "unknown")."""
    at = datetime.now(UTC).isoformat()
    fields = {"action": action, "outcome": outcome, "user": user or "unknown", "at": at}
    if analysis_id:
        fields["analysis_id"] = analysis_id
    if client:
        fields["client"] = client
    fields.update(details)
    audit_log.info(
        " ".join(f"{key}={value}" for key, value in fields.items()),
        extra={f"audit_{key}": value for key, value in fields.items()},
    )
