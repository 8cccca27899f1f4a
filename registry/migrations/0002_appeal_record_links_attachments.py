"""appeal record links attachments

Revision ID: f79d5f67ad45
Revises: 57932329a16c
Create Date: 2026-11-29 13:22:41.936876
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "f79d5f67ad45"
down_revision: str | None = "57932329a16c"
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
        schema="registry",
    )
    op.create_index(
        op.f("idempotency_key_created_at_idx"),
        "idempotency_key",
        ["created_at"],
        unique=False,
        schema="registry",
    )
    op.create_table(
        "appeal_link",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("linked_id", sa.Uuid(), nullable=False),
        sa.Column("linked_number", sa.String(length=30), nullable=False),
        sa.Column("sign", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("matched_on", sa.String(length=120), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("earlier_resolved_on_merits", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["registry.appeal.id"], name=op.f("appeal_link_appeal_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("appeal_link_pkey")),
        schema="registry",
    )
    op.create_index(
        op.f("appeal_link_appeal_id_idx"),
        "appeal_link",
        ["appeal_id"],
        unique=False,
        schema="registry",
    )
    op.create_index(
        op.f("appeal_link_linked_id_idx"),
        "appeal_link",
        ["linked_id"],
        unique=False,
        schema="registry",
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("storage_ref", sa.String(length=500), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("refusal", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["registry.appeal.id"], name=op.f("attachment_appeal_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("attachment_pkey")),
        schema="registry",
    )
    op.create_index(
        op.f("attachment_appeal_id_idx"),
        "attachment",
        ["appeal_id"],
        unique=False,
        schema="registry",
    )
    op.create_table(
        "special_category",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column(
            "author_categories",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["registry.appeal.id"], name=op.f("special_category_appeal_id_fkey")
        ),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("special_category_pkey")),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column("subject", sa.String(length=20), server_default="individual", nullable=False),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column(
            "applicant_type", sa.String(length=20), server_default="individual", nullable=False
        ),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column("collective_signatories", sa.Integer(), nullable=True),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column("form_of_receipt", sa.String(length=10), nullable=True),
        schema="registry",
    )
    op.add_column(
        "appeal", sa.Column("appeal_type", sa.String(length=10), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal",
        sa.Column("sign", sa.String(length=20), server_default="primary", nullable=False),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column("priority", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column("language", sa.String(length=8), server_default="uk", nullable=False),
        schema="registry",
    )
    op.add_column(
        "appeal",
        sa.Column(
            "problem_location",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        schema="registry",
    )
    op.add_column(
        "appeal", sa.Column("raion", sa.String(length=80), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal", sa.Column("hromada", sa.String(length=80), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal",
        sa.Column("not_considered_reason", sa.String(length=30), nullable=True),
        schema="registry",
    )
    op.add_column(
        "appeal", sa.Column("complaint_late", sa.Boolean(), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal",
        sa.Column(
            "earlier_resolved_on_merits",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        schema="registry",
    )
    op.add_column(
        "appeal", sa.Column("phone_key", sa.String(length=20), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal", sa.Column("email_key", sa.String(length=254), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal", sa.Column("name_key", sa.String(length=300), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal", sa.Column("address_key", sa.String(length=300), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal", sa.Column("fingerprint", sa.LargeBinary(), nullable=True), schema="registry"
    )
    op.add_column(
        "appeal",
        sa.Column(
            "text_bands",
            sa.JSON().with_variant(postgresql.ARRAY(sa.String(length=18)), "postgresql"),
            nullable=True,
        ),
        schema="registry",
    )
    op.create_index(
        op.f("appeal_address_key_idx"), "appeal", ["address_key"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_email_key_idx"), "appeal", ["email_key"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_hromada_idx"), "appeal", ["hromada"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_name_key_idx"), "appeal", ["name_key"], unique=False, schema="registry"
    )
    op.create_index(
        op.f("appeal_phone_key_idx"), "appeal", ["phone_key"], unique=False, schema="registry"
    )
    op.create_index(op.f("appeal_raion_idx"), "appeal", ["raion"], unique=False, schema="registry")
    op.create_index(
        "appeal_received_at_id_idx",
        "appeal",
        ["received_at", "id"],
        unique=False,
        schema="registry",
    )
    op.create_index(op.f("appeal_sign_idx"), "appeal", ["sign"], unique=False, schema="registry")
    if op.get_bind().dialect.name == "postgresql":
        # Full-text search over Ukrainian and Russian alike ('simple': no stemming), candidate
        # lookup of near-identical texts (LSH bands), and partial-name lookup (trigrams).
        op.execute(
            "ALTER TABLE registry.appeal ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', registration_number || ' ' || text)) STORED"
        )
        op.execute(
            "CREATE INDEX appeal_search_vector_idx ON registry.appeal USING gin (search_vector)"
        )
        op.execute("CREATE INDEX appeal_text_bands_idx ON registry.appeal USING gin (text_bands)")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX appeal_name_key_trgm_idx ON registry.appeal "
            "USING gin (name_key gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX registry.appeal_name_key_trgm_idx")
        op.execute("DROP INDEX registry.appeal_text_bands_idx")
        op.execute("DROP INDEX registry.appeal_search_vector_idx")
        op.execute("ALTER TABLE registry.appeal DROP COLUMN search_vector")
    op.drop_index(op.f("appeal_sign_idx"), table_name="appeal", schema="registry")
    op.drop_index("appeal_received_at_id_idx", table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_raion_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_phone_key_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_name_key_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_hromada_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_email_key_idx"), table_name="appeal", schema="registry")
    op.drop_index(op.f("appeal_address_key_idx"), table_name="appeal", schema="registry")
    op.drop_column("appeal", "text_bands", schema="registry")
    op.drop_column("appeal", "fingerprint", schema="registry")
    op.drop_column("appeal", "address_key", schema="registry")
    op.drop_column("appeal", "name_key", schema="registry")
    op.drop_column("appeal", "email_key", schema="registry")
    op.drop_column("appeal", "phone_key", schema="registry")
    op.drop_column("appeal", "earlier_resolved_on_merits", schema="registry")
    op.drop_column("appeal", "complaint_late", schema="registry")
    op.drop_column("appeal", "not_considered_reason", schema="registry")
    op.drop_column("appeal", "hromada", schema="registry")
    op.drop_column("appeal", "raion", schema="registry")
    op.drop_column("appeal", "problem_location", schema="registry")
    op.drop_column("appeal", "language", schema="registry")
    op.drop_column("appeal", "priority", schema="registry")
    op.drop_column("appeal", "sign", schema="registry")
    op.drop_column("appeal", "appeal_type", schema="registry")
    op.drop_column("appeal", "form_of_receipt", schema="registry")
    op.drop_column("appeal", "collective_signatories", schema="registry")
    op.drop_column("appeal", "applicant_type", schema="registry")
    op.drop_column("appeal", "subject", schema="registry")
    op.drop_table("special_category", schema="registry")
    op.drop_index(op.f("attachment_appeal_id_idx"), table_name="attachment", schema="registry")
    op.drop_table("attachment", schema="registry")
    op.drop_index(op.f("appeal_link_linked_id_idx"), table_name="appeal_link", schema="registry")
    op.drop_index(op.f("appeal_link_appeal_id_idx"), table_name="appeal_link", schema="registry")
    op.drop_table("appeal_link", schema="registry")
    op.drop_index(
        op.f("idempotency_key_created_at_idx"), table_name="idempotency_key", schema="registry"
    )
    op.drop_table("idempotency_key", schema="registry")
