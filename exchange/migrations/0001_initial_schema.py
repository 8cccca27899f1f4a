"""initial schema

Revision ID: 203f948d4b06
Revises:
Create Date: 2026-11-29 13:16:37.310520
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "203f948d4b06"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appeal_card",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=False),
        sa.Column(
            "card",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("ucc_number", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("appeal_card_pkey")),
        schema="exchange",
    )
    op.create_index(
        op.f("appeal_card_ucc_number_idx"),
        "appeal_card",
        ["ucc_number"],
        unique=False,
        schema="exchange",
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("inbox_pkey")),
        schema="exchange",
    )
    op.create_index(
        op.f("inbox_processed_at_idx"), "inbox", ["processed_at"], unique=False, schema="exchange"
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
        schema="exchange",
    )
    op.create_index(
        "outbox_pending_idx",
        "outbox",
        ["created_at"],
        unique=False,
        schema="exchange",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "push_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("push_job_pkey")),
        schema="exchange",
    )
    op.create_index(
        op.f("push_job_appeal_id_idx"), "push_job", ["appeal_id"], unique=False, schema="exchange"
    )
    op.create_index(
        "push_job_due_idx",
        "push_job",
        ["next_attempt_at"],
        unique=False,
        schema="exchange",
        postgresql_where=sa.text("done_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "push_job_due_idx",
        table_name="push_job",
        schema="exchange",
        postgresql_where=sa.text("done_at IS NULL"),
    )
    op.drop_index(op.f("push_job_appeal_id_idx"), table_name="push_job", schema="exchange")
    op.drop_table("push_job", schema="exchange")
    op.drop_index(
        "outbox_pending_idx",
        table_name="outbox",
        schema="exchange",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox", schema="exchange")
    op.drop_index(op.f("inbox_processed_at_idx"), table_name="inbox", schema="exchange")
    op.drop_table("inbox", schema="exchange")
    op.drop_index(op.f("appeal_card_ucc_number_idx"), table_name="appeal_card", schema="exchange")
    op.drop_table("appeal_card", schema="exchange")
