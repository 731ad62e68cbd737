"""account lifecycle, sign-in throttling per (username, address), the audit trail

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column(
        "user",
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "user", sa.Column("token_version", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("user", sa.Column("last_sign_in_at", sa.DateTime(timezone=True)))

    # Per-(username, address) and per-address counters replace one row per failure.
    op.drop_table("sign_in_failure")
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True)),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admitted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_sign_in_throttle_last_attempt_at", "sign_in_throttle", ["last_attempt_at"])

    op.create_table(
        "audit_event",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(36)),
        sa.Column("target", sa.String(36)),
        sa.Column("analysis_ids", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("client", sa.String(64)),
        sa.Column("details", postgresql.JSONB, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])
    op.create_index("ix_audit_event_actor", "audit_event", ["actor"])
    op.create_index("ix_audit_event_target", "audit_event", ["target"])
    op.create_index(
        "ix_audit_event_analysis_ids", "audit_event", ["analysis_ids"], postgresql_using="gin"
    )
    # Append-only: the API never changes or removes an event; the hash chain shows it if
    # someone with the rights to drop this trigger did.
    op.execute(
        """
        CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_event is append-only';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    op.execute("DROP TRIGGER audit_event_no_change ON audit_event")
    op.execute("DROP FUNCTION audit_event_append_only()")
    op.drop_table("audit_event")
    op.drop_table("sign_in_throttle")
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failure_key_failed_at", "sign_in_failure", ["key", "failed_at"])
    op.create_index("ix_sign_in_failure_failed_at", "sign_in_failure", ["failed_at"])
    for column in ("last_sign_in_at", "token_version", "must_change_password", "active"):
        op.drop_column("user", column)
