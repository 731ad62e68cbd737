"""users, roles, their link, revoked tokens; the two roles

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    role = op.create_table(
        "role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(20), nullable=False, unique=True),
        sa.CheckConstraint("name IN ('admin', 'user')", name="role_name_known"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("pseudonym", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "user_role",
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "role_id", sa.Integer, sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_table(
        "revoked_token",
        sa.Column("jti", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_revoked_token_expires_at", "revoked_token", ["expires_at"])
    op.bulk_insert(role, [{"name": "admin"}, {"name": "user"}])


def downgrade() -> None:
    op.drop_index("ix_revoked_token_expires_at", "revoked_token")
    op.drop_table("revoked_token")
    op.drop_table("user_role")
    op.drop_table("user")
    op.drop_table("role")
