"""ucc sync tables

Revision ID: 573d6feb0477
Revises: 203f948d4b06
Create Date: 2026-11-29 13:22:59.539131
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "573d6feb0477"
down_revision: str | None = "203f948d4b06"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("audit_log_pkey")),
        schema="exchange",
    )
    op.create_index(op.f("audit_log_at_idx"), "audit_log", ["at"], unique=False, schema="exchange")
    op.create_table(
        "feed_item",
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ucc_number", sa.String(length=40), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("feed_item_pkey")),
        schema="exchange",
    )
    op.create_index(
        op.f("feed_item_appeal_id_idx"), "feed_item", ["appeal_id"], unique=False, schema="exchange"
    )
    op.create_index(
        op.f("feed_item_kind_idx"), "feed_item", ["kind"], unique=False, schema="exchange"
    )
    op.create_index(
        op.f("feed_item_ucc_number_idx"),
        "feed_item",
        ["ucc_number"],
        unique=False,
        schema="exchange",
    )
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
        schema="exchange",
    )
    op.create_index(
        op.f("idempotency_key_created_at_idx"),
        "idempotency_key",
        ["created_at"],
        unique=False,
        schema="exchange",
    )
    op.create_table(
        "reconciliation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column(
            "counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "mismatches",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("reconciliation_pkey")),
        schema="exchange",
    )
    op.create_index(
        op.f("reconciliation_started_at_idx"),
        "reconciliation",
        ["started_at"],
        unique=False,
        schema="exchange",
    )
    op.create_table(
        "sync_cursor",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("cursor", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("sync_cursor_pkey")),
        schema="exchange",
    )
    op.create_table(
        "ucc_link",
        sa.Column("ucc_number", sa.String(length=40), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ucc_status", sa.String(length=200), nullable=True),
        sa.Column("ucc_sub_status", sa.String(length=200), nullable=True),
        sa.Column("ucc_due_date", sa.Date(), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("ucc_number", name=op.f("ucc_link_pkey")),
        sa.UniqueConstraint("appeal_id", name=op.f("ucc_link_appeal_id_key")),
        schema="exchange",
    )
    op.add_column(
        "appeal_card",
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        schema="exchange",
    )
    op.add_column(
        "appeal_card", sa.Column("status", sa.String(length=30), nullable=True), schema="exchange"
    )
    op.add_column(
        "appeal_card",
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        schema="exchange",
    )
    op.add_column(
        "appeal_card",
        sa.Column(
            "answer",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        schema="exchange",
    )
    op.add_column(
        "appeal_card",
        sa.Column("ucc_status", sa.String(length=200), nullable=True),
        schema="exchange",
    )
    op.add_column(
        "appeal_card",
        sa.Column("ucc_sub_status", sa.String(length=200), nullable=True),
        schema="exchange",
    )
    op.create_index(
        op.f("appeal_card_received_at_idx"),
        "appeal_card",
        ["received_at"],
        unique=False,
        schema="exchange",
    )


def downgrade() -> None:
    op.drop_index(op.f("appeal_card_received_at_idx"), table_name="appeal_card", schema="exchange")
    op.drop_column("appeal_card", "ucc_sub_status", schema="exchange")
    op.drop_column("appeal_card", "ucc_status", schema="exchange")
    op.drop_column("appeal_card", "answer", schema="exchange")
    op.drop_column("appeal_card", "status_changed_at", schema="exchange")
    op.drop_column("appeal_card", "status", schema="exchange")
    op.drop_column("appeal_card", "received_at", schema="exchange")
    op.drop_table("ucc_link", schema="exchange")
    op.drop_table("sync_cursor", schema="exchange")
    op.drop_index(
        op.f("reconciliation_started_at_idx"), table_name="reconciliation", schema="exchange"
    )
    op.drop_table("reconciliation", schema="exchange")
    op.drop_index(
        op.f("idempotency_key_created_at_idx"), table_name="idempotency_key", schema="exchange"
    )
    op.drop_table("idempotency_key", schema="exchange")
    op.drop_index(op.f("feed_item_ucc_number_idx"), table_name="feed_item", schema="exchange")
    op.drop_index(op.f("feed_item_kind_idx"), table_name="feed_item", schema="exchange")
    op.drop_index(op.f("feed_item_appeal_id_idx"), table_name="feed_item", schema="exchange")
    op.drop_table("feed_item", schema="exchange")
    op.drop_index(op.f("audit_log_at_idx"), table_name="audit_log", schema="exchange")
    op.drop_table("audit_log", schema="exchange")
