"""open due date index

Revision ID: 9bcd53e4a59b
Revises: f79d5f67ad45
Create Date: 2026-11-29 13:48:49.382215
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9bcd53e4a59b"
down_revision: str | None = "f79d5f67ad45"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STATUSES = (
    "status IN ('extended', 'in_work', 'redirected', 'registered', 'returned_for_rework', 'routed')"
)


def upgrade() -> None:
    op.create_index(
        "appeal_open_due_date_idx",
        "appeal",
        ["due_date", "id"],
        unique=False,
        schema="registry",
        postgresql_where=sa.text(OPEN_STATUSES),
        sqlite_where=sa.text(OPEN_STATUSES),
    )


def downgrade() -> None:
    op.drop_index("appeal_open_due_date_idx", table_name="appeal", schema="registry")
