"""failed sign-ins, shared by every API process

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failure_key_failed_at", "sign_in_failure", ["key", "failed_at"])
    op.create_index("ix_sign_in_failure_failed_at", "sign_in_failure", ["failed_at"])


def downgrade() -> None:
    op.drop_table("sign_in_failure")
