"""initial schema

Revision ID: b84aa6153992
Revises:
Create Date: 2026-11-29 13:16:32.577942
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b84aa6153992"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("name_uk", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("body_pkey")),
        schema="router",
    )
    op.create_table(
        "competence_rule",
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.PrimaryKeyConstraint("rule_id", name=op.f("competence_rule_pkey")),
        schema="router",
    )
    op.create_index(
        op.f("competence_rule_position_idx"),
        "competence_rule",
        ["position"],
        unique=False,
        schema="router",
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("inbox_pkey")),
        schema="router",
    )
    op.create_index(
        op.f("inbox_processed_at_idx"), "inbox", ["processed_at"], unique=False, schema="router"
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
        schema="router",
    )
    op.create_index(
        "outbox_pending_idx",
        "outbox",
        ["created_at"],
        unique=False,
        schema="router",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "routing",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=False),
        sa.Column("body_code", sa.String(length=80), nullable=False),
        sa.Column(
            "co_executor_codes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("rule_id", sa.String(length=80), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("routing_pkey")),
        schema="router",
    )
    op.create_index(
        op.f("routing_body_code_idx"), "routing", ["body_code"], unique=False, schema="router"
    )


def downgrade() -> None:
    op.drop_index(op.f("routing_body_code_idx"), table_name="routing", schema="router")
    op.drop_table("routing", schema="router")
    op.drop_index(
        "outbox_pending_idx",
        table_name="outbox",
        schema="router",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox", schema="router")
    op.drop_index(op.f("inbox_processed_at_idx"), table_name="inbox", schema="router")
    op.drop_table("inbox", schema="router")
    op.drop_index(
        op.f("competence_rule_position_idx"), table_name="competence_rule", schema="router"
    )
    op.drop_table("competence_rule", schema="router")
    op.drop_table("body", schema="router")
