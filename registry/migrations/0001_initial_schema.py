"""initial schema

Revision ID: 57932329a16c
Revises:
Create Date: 2026-11-29 13:16:30.527989
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "57932329a16c"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appeal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("topic_code", sa.String(length=10), nullable=True),
        sa.Column(
            "applicant",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "needs_no_further_study", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("body_code", sa.String(length=80), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("external_number", sa.String(length=60), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("appeal_pkey")),
        sa.UniqueConstraint("registration_number", name=op.f("appeal_registration_number_key")),
        schema="registry",
    )
    op.create_index(
        op.f("appeal_body_code_idx"), "appeal", ["body_code"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_due_date_idx"), "appeal", ["due_date"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_received_at_idx"), "appeal", ["received_at"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_status_idx"), "appeal", ["status"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_topic_code_idx"), "appeal", ["topic_code"], unique=False, schema="registry"
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("audit_log_pkey")),
        schema="registry",
    )
    op.create_index(
        op.f("audit_log_appeal_id_idx"), "audit_log", ["appeal_id"], unique=False, schema="registry"
    )
    op.create_index(op.f("audit_log_at_idx"), "audit_log", ["at"], unique=False, schema="registry")
    op.create_index(
        op.f("audit_log_subject_idx"), "audit_log", ["subject"], unique=False, schema="registry"
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("inbox_pkey")),
        schema="registry",
    )
    op.create_index(
        op.f("inbox_processed_at_idx"), "inbox", ["processed_at"], unique=False, schema="registry"
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
        schema="registry",
    )
    op.create_index(
        "outbox_pending_idx",
        "outbox",
        ["created_at"],
        unique=False,
        schema="registry",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "registration_counter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("registration_counter_pkey")),
        schema="registry",
    )
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source_event_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["registry.appeal.id"], name=op.f("status_history_appeal_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("status_history_pkey")),
        schema="registry",
    )
    op.create_index(
        "status_history_appeal_idx",
        "status_history",
        ["appeal_id", "id"],
        unique=False,
        schema="registry",
    )


def downgrade() -> None:
    op.drop_index("status_history_appeal_idx", table_name="status_history", schema="registry")
    op.drop_table("status_history", schema="registry")
    op.drop_table("registration_counter", schema="registry")
    op.drop_index(
        "outbox_pending_idx",
        table_name="outbox",
        schema="registry",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox", schema="registry")
    op.drop_index(op.f("inbox_processed_at_idx"), table_name="inbox", schema="registry")
    op.drop_table("inbox", schema="registry")
    op.drop_index(op.f("audit_log_subject_idx"), table_name="audit_log", schema="registry")
    op.drop_index(op.f("audit_log_at_idx"), table_name="audit_log", schema="registry")
    op.drop_index(op.f("audit_log_appeal_id_idx"), table_name="audit_log", schema="registry")
    op.drop_table("audit_log", schema="registry")
    op.drop_index(op.f("appeal_topic_code_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_status_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_received_at_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_due_date_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_body_code_idx"), table_name="appeal", schema="registry")
    op.drop_table("appeal", schema="registry")
