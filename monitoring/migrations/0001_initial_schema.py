"""initial schema

Revision ID: 7621933b9b0e
Revises:
Create Date: 2026-11-29 13:16:34.685644
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "7621933b9b0e"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deadline",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=True),
        sa.Column("body_code", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("deadline_pkey")),
        schema="monitoring",
    )
    op.create_index(
        op.f("deadline_body_code_idx"), "deadline", ["body_code"], unique=False, schema="monitoring"
    )
    op.create_index(
        op.f("deadline_due_date_idx"), "deadline", ["due_date"], unique=False, schema="monitoring"
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("inbox_pkey")),
        schema="monitoring",
    )
    op.create_index(
        op.f("inbox_processed_at_idx"), "inbox", ["processed_at"], unique=False, schema="monitoring"
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column(
            "envelope",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("outbox_pkey")),
        schema="monitoring",
    )
    op.create_index(
        "outbox_pending_idx",
        "outbox",
        ["created_at"],
        unique=False,
        schema="monitoring",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "outbox_pending_idx",
        table_name="outbox",
        schema="monitoring",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox", schema="monitoring")
    op.drop_index(op.f("inbox_processed_at_idx"), table_name="inbox", schema="monitoring")
    op.drop_table("inbox", schema="monitoring")
    op.drop_index(op.f("deadline_due_date_idx"), table_name="deadline", schema="monitoring")
    op.drop_index(op.f("deadline_body_code_idx"), table_name="deadline", schema="monitoring")
    op.drop_table("deadline", schema="monitoring")
