"""initial schema

Revision ID: 36b4c92fab98
Revises:
Create Date: 2026-11-29 13:16:28.024246
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "36b4c92fab98"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column(
            "response_body",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("idempotency_key_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("idempotency_key_created_at_idx"),
        "idempotency_key",
        ["created_at"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("inbox_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("inbox_processed_at_idx"), "inbox", ["processed_at"], unique=False, schema="intake"
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
        schema="intake",
    )
    op.create_index(
        "outbox_pending_idx",
        "outbox",
        ["created_at"],
        unique=False,
        schema="intake",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("submission_pkey")),
        sa.UniqueConstraint("appeal_id", name=op.f("submission_appeal_id_key")),
        schema="intake",
    )
    op.create_index(
        op.f("submission_received_at_idx"),
        "submission",
        ["received_at"],
        unique=False,
        schema="intake",
    )


def downgrade() -> None:
    op.drop_index(op.f("submission_received_at_idx"), table_name="submission", schema="intake")
    op.drop_table("submission", schema="intake")
    op.drop_index(
        "outbox_pending_idx",
        table_name="outbox",
        schema="intake",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox", schema="intake")
    op.drop_index(op.f("inbox_processed_at_idx"), table_name="inbox", schema="intake")
    op.drop_table("inbox", schema="intake")
    op.drop_index(
        op.f("idempotency_key_created_at_idx"), table_name="idempotency_key", schema="intake"
    )
    op.drop_table("idempotency_key", schema="intake")
