"""the dermatologist role

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("role_name_known", "role", type_="check")
    op.create_check_constraint(
        "role_name_known", "role", "name IN ('admin', 'user', 'dermatologist')"
    )
    # Idempotent, should another migration have added the row already.
    op.execute(
        "INSERT INTO role (name) SELECT 'dermatologist' "
        "WHERE NOT EXISTS (SELECT 1 FROM role WHERE name = 'dermatologist')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM role WHERE name = 'dermatologist'")
    op.drop_constraint("role_name_known", "role", type_="check")
    op.create_check_constraint("role_name_known", "role", "name IN ('admin', 'user')")
