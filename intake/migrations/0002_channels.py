"""channels

Revision ID: cf12481fe4cf
Revises: 36b4c92fab98
Create Date: 2026-11-29 13:28:13.661656
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "cf12481fe4cf"
down_revision: str | None = "36b4c92fab98"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("attachment_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("attachment_appeal_id_idx"), "attachment", ["appeal_id"], unique=False, schema="intake"
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("audit_log_pkey")),
        schema="intake",
    )
    op.create_index(op.f("audit_log_at_idx"), "audit_log", ["at"], unique=False, schema="intake")
    op.create_table(
        "consultation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("line", sa.String(length=20), nullable=False),
        sa.Column("call_id", sa.String(length=100), nullable=False),
        sa.Column("caller_number", sa.String(length=40), nullable=True),
        sa.Column("call_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("call_ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("topic_code", sa.String(length=3), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("consultation_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("consultation_recorded_at_idx"),
        "consultation",
        ["recorded_at"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "support_call",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.String(length=100), nullable=False),
        sa.Column("caller_number", sa.String(length=40), nullable=True),
        sa.Column("call_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("call_ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("caller_category", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("support_call_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("support_call_call_id_idx"), "support_call", ["call_id"], unique=False, schema="intake"
    )
    op.create_index(
        op.f("support_call_recorded_at_idx"),
        "support_call",
        ["recorded_at"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "telegram_dialogue",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "state",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("telegram_dialogue_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("telegram_dialogue_updated_at_idx"),
        "telegram_dialogue",
        ["updated_at"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "telegram_outgoing",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=50), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("telegram_outgoing_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("telegram_outgoing_chat_id_idx"),
        "telegram_outgoing",
        ["chat_id"],
        unique=False,
        schema="intake",
    )
    op.create_index(
        op.f("telegram_outgoing_state_idx"),
        "telegram_outgoing",
        ["state"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "telegram_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("telegram_update_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("telegram_update_received_at_idx"),
        "telegram_update",
        ["received_at"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "tracking",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lookup_code_hash", sa.String(length=64), nullable=True),
        sa.Column("telegram_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("registration_number", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body_code", sa.String(length=100), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("tracking_pkey")),
        sa.UniqueConstraint("registration_number", name=op.f("tracking_registration_number_key")),
        schema="intake",
    )
    op.create_index(
        op.f("tracking_telegram_chat_id_idx"),
        "tracking",
        ["telegram_chat_id"],
        unique=False,
        schema="intake",
    )
    op.create_table(
        "psychologist_transfer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("support_call_id", sa.Uuid(), nullable=False),
        sa.Column("psychologist", sa.String(length=200), nullable=False),
        sa.Column("transferred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["support_call_id"],
            ["intake.support_call.id"],
            name=op.f("psychologist_transfer_support_call_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("psychologist_transfer_pkey")),
        schema="intake",
    )
    op.create_index(
        op.f("psychologist_transfer_support_call_id_idx"),
        "psychologist_transfer",
        ["support_call_id"],
        unique=False,
        schema="intake",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("psychologist_transfer_support_call_id_idx"),
        table_name="psychologist_transfer",
        schema="intake",
    )
    op.drop_table("psychologist_transfer", schema="intake")
    op.drop_index(op.f("tracking_telegram_chat_id_idx"), table_name="tracking", schema="intake")
    op.drop_table("tracking", schema="intake")
    op.drop_index(
        op.f("telegram_update_received_at_idx"), table_name="telegram_update", schema="intake"
    )
    op.drop_table("telegram_update", schema="intake")
    op.drop_index(
        op.f("telegram_outgoing_state_idx"), table_name="telegram_outgoing", schema="intake"
    )
    op.drop_index(
        op.f("telegram_outgoing_chat_id_idx"), table_name="telegram_outgoing", schema="intake"
    )
    op.drop_table("telegram_outgoing", schema="intake")
    op.drop_index(
        op.f("telegram_dialogue_updated_at_idx"), table_name="telegram_dialogue", schema="intake"
    )
    op.drop_table("telegram_dialogue", schema="intake")
    op.drop_index(op.f("support_call_recorded_at_idx"), table_name="support_call", schema="intake")
    op.drop_index(op.f("support_call_call_id_idx"), table_name="support_call", schema="intake")
    op.drop_table("support_call", schema="intake")
    op.drop_index(op.f("consultation_recorded_at_idx"), table_name="consultation", schema="intake")
    op.drop_table("consultation", schema="intake")
    op.drop_index(op.f("audit_log_at_idx"), table_name="audit_log", schema="intake")
    op.drop_table("audit_log", schema="intake")
    op.drop_index(op.f("attachment_appeal_id_idx"), table_name="attachment", schema="intake")
    op.drop_table("attachment", schema="intake")
