"""directory rules delivery answers

Revision ID: 736864c5df4b
Revises: b84aa6153992
Create Date: 2026-11-29 13:28:28.373590
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "736864c5df4b"
down_revision: str | None = "b84aa6153992"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appeal_case",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=30), nullable=False),
        sa.Column("correlation_id", sa.String(length=200), nullable=False),
        sa.Column(
            "registered",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("topic_code", sa.String(length=20), nullable=True),
        sa.Column("topic_source", sa.String(length=20), nullable=False),
        sa.Column("model_version", sa.String(length=60), nullable=True),
        sa.Column(
            "suggestions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("topic_doubtful", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("lead_body_code", sa.String(length=80), nullable=True),
        sa.Column(
            "excluded_body_codes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("appeal_case_pkey")),
        schema="router",
    )
    op.create_index(
        op.f("appeal_case_lead_body_code_idx"),
        "appeal_case",
        ["lead_body_code"],
        unique=False,
        schema="router",
    )
    op.create_index(
        op.f("appeal_case_status_idx"), "appeal_case", ["status"], unique=False, schema="router"
    )
    op.create_table(
        "assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("body_code", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("forward_by", sa.Date(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "answer",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("redirect_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("assignment_pkey")),
        sa.UniqueConstraint(
            "appeal_id", "body_code", name=op.f("assignment_appeal_id_body_code_key")
        ),
        schema="router",
    )
    op.create_index(
        op.f("assignment_appeal_id_idx"), "assignment", ["appeal_id"], unique=False, schema="router"
    )
    op.create_index(
        op.f("assignment_body_code_idx"), "assignment", ["body_code"], unique=False, schema="router"
    )
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=120), nullable=False),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("audit_log_pkey")),
        schema="router",
    )
    op.create_index(op.f("audit_log_at_idx"), "audit_log", ["at"], unique=False, schema="router")
    op.create_index(
        op.f("audit_log_subject_id_idx"), "audit_log", ["subject_id"], unique=False, schema="router"
    )
    op.create_table(
        "contact_resolution",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("contact_resolution_pkey")),
        schema="router",
    )
    op.create_table(
        "delivery_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("body_code", sa.String(length=80), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("delivery_job_pkey")),
        sa.UniqueConstraint("assignment_id", name=op.f("delivery_job_assignment_id_key")),
        schema="router",
    )
    op.create_index(
        op.f("delivery_job_appeal_id_idx"),
        "delivery_job",
        ["appeal_id"],
        unique=False,
        schema="router",
    )
    op.create_index(
        op.f("delivery_job_body_code_idx"),
        "delivery_job",
        ["body_code"],
        unique=False,
        schema="router",
    )
    op.create_index(
        "delivery_job_due_idx",
        "delivery_job",
        ["status", "next_attempt_at"],
        unique=False,
        schema="router",
    )
    op.create_index(
        op.f("delivery_job_status_idx"), "delivery_job", ["status"], unique=False, schema="router"
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
        schema="router",
    )
    op.create_index(
        op.f("idempotency_key_created_at_idx"),
        "idempotency_key",
        ["created_at"],
        unique=False,
        schema="router",
    )
    op.create_table(
        "knowledge_article",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("topic_code", sa.String(length=20), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("knowledge_article_pkey")),
        schema="router",
    )
    op.create_table(
        "notification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=200), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("notification_pkey")),
        sa.UniqueConstraint("dedupe_key", name=op.f("notification_dedupe_key_key")),
        schema="router",
    )
    op.create_index(
        op.f("notification_appeal_id_idx"),
        "notification",
        ["appeal_id"],
        unique=False,
        schema="router",
    )
    op.create_index(
        op.f("notification_status_idx"), "notification", ["status"], unique=False, schema="router"
    )
    op.create_table(
        "rule_set_version",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("change", sa.String(length=500), nullable=False),
        sa.Column(
            "rules",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("version", name=op.f("rule_set_version_pkey")),
        schema="router",
    )
    op.create_table(
        "triage_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column(
            "suggestions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("model_version", sa.String(length=60), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_topic_code", sa.String(length=20), nullable=True),
        sa.Column("decided_body_code", sa.String(length=80), nullable=True),
        sa.Column("overrode_suggestion", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("triage_item_pkey")),
        schema="router",
    )
    op.create_index(
        op.f("triage_item_appeal_id_idx"),
        "triage_item",
        ["appeal_id"],
        unique=False,
        schema="router",
    )
    op.add_column(
        "body", sa.Column("webhook_secret", sa.String(length=200), nullable=True), schema="router"
    )
    op.add_column(
        "body", sa.Column("pull_key_hash", sa.String(length=64), nullable=True), schema="router"
    )
    op.add_column(
        "body", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True), schema="router"
    )
    op.create_index(
        op.f("body_pull_key_hash_idx"), "body", ["pull_key_hash"], unique=False, schema="router"
    )
    op.add_column(
        "routing", sa.Column("rule_set_version", sa.Integer(), nullable=True), schema="router"
    )
    op.add_column(
        "routing", sa.Column("decided_by", sa.String(length=200), nullable=True), schema="router"
    )


def downgrade() -> None:
    op.drop_column("routing", "decided_by", schema="router")
    op.drop_column("routing", "rule_set_version", schema="router")
    op.drop_index(op.f("body_pull_key_hash_idx"), table_name="body", schema="router")
    op.drop_column("body", "updated_at", schema="router")
    op.drop_column("body", "pull_key_hash", schema="router")
    op.drop_column("body", "webhook_secret", schema="router")
    op.drop_index(op.f("triage_item_appeal_id_idx"), table_name="triage_item", schema="router")
    op.drop_table("triage_item", schema="router")
    op.drop_table("rule_set_version", schema="router")
    op.drop_index(op.f("notification_status_idx"), table_name="notification", schema="router")
    op.drop_index(op.f("notification_appeal_id_idx"), table_name="notification", schema="router")
    op.drop_table("notification", schema="router")
    op.drop_table("knowledge_article", schema="router")
    op.drop_index(
        op.f("idempotency_key_created_at_idx"), table_name="idempotency_key", schema="router"
    )
    op.drop_table("idempotency_key", schema="router")
    op.drop_index(op.f("delivery_job_status_idx"), table_name="delivery_job", schema="router")
    op.drop_index("delivery_job_due_idx", table_name="delivery_job", schema="router")
    op.drop_index(op.f("delivery_job_body_code_idx"), table_name="delivery_job", schema="router")
    op.drop_index(op.f("delivery_job_appeal_id_idx"), table_name="delivery_job", schema="router")
    op.drop_table("delivery_job", schema="router")
    op.drop_table("contact_resolution", schema="router")
    op.drop_index(op.f("audit_log_subject_id_idx"), table_name="audit_log", schema="router")
    op.drop_index(op.f("audit_log_at_idx"), table_name="audit_log", schema="router")
    op.drop_table("audit_log", schema="router")
    op.drop_index(op.f("assignment_body_code_idx"), table_name="assignment", schema="router")
    op.drop_index(op.f("assignment_appeal_id_idx"), table_name="assignment", schema="router")
    op.drop_table("assignment", schema="router")
    op.drop_index(op.f("appeal_case_status_idx"), table_name="appeal_case", schema="router")
    op.drop_index(op.f("appeal_case_lead_body_code_idx"), table_name="appeal_case", schema="router")
    op.drop_table("appeal_case", schema="router")
