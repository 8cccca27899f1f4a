"""Registry's tables (schema `registry`): the region's electronic database of appeals."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from registry.lifecycle import OPEN_STATUSES
from shared.db import UtcDateTime, service_metadata
from shared.idempotency import idempotency_table
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "registry"
OPEN_STATUS_SQL = "status IN ({})".format(", ".join(f"'{s}'" for s in sorted(OPEN_STATUSES)))
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")
# LSH bands of the text fingerprint: a GIN-indexed text[] on PostgreSQL, JSON on SQLite.
TEXT_BANDS = JSON().with_variant(ARRAY(String(18)), "postgresql")

# On PostgreSQL the migrations also add `search_vector`, a stored generated tsvector over the
# text ('simple' configuration: Ukrainian and Russian alike) with its GIN index. It is not
# declared here because SQLite has no such column type; `registry.search` uses it by name.
SEARCH_VECTOR = "search_vector"

appeal = Table(
    "appeal",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("registration_number", String(30), nullable=False, unique=True),
    Column("status", String(30), nullable=False, index=True),
    Column("outcome", String(30)),
    Column("channel", String(20), nullable=False),
    Column("kind", String(20)),
    Column("topic_code", String(10), index=True),
    Column("applicant", JSON_DOCUMENT, nullable=False),
    Column("text", Text, nullable=False),
    Column("confidential", Boolean, nullable=False, server_default=false()),
    Column("needs_no_further_study", Boolean, nullable=False, server_default=false()),
    Column("body_code", String(80), index=True),
    Column("due_date", Date, index=True),
    Column("external_number", String(60)),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("details", JSON_DOCUMENT, nullable=False),
    # The registration card (issue §1); the applicant document holds identity and contacts.
    Column("subject", String(20), nullable=False, server_default="individual"),
    Column("applicant_type", String(20), nullable=False, server_default="individual"),
    Column("collective_signatories", Integer),
    Column("form_of_receipt", String(10)),
    Column("appeal_type", String(10)),
    Column("sign", String(20), nullable=False, server_default="primary", index=True),
    Column("priority", Boolean, nullable=False, server_default=false()),
    Column("language", String(8), nullable=False, server_default="uk"),
    Column("problem_location", JSON_DOCUMENT),
    Column("raion", String(80), index=True),
    Column("hromada", String(80), index=True),
    Column("not_considered_reason", String(30)),
    Column("complaint_late", Boolean),
    Column("earlier_resolved_on_merits", Boolean, nullable=False, server_default=false()),
    # Normalised keys of registry.matching: applicant history and repeat detection.
    Column("phone_key", String(20), index=True),
    Column("email_key", String(254), index=True),
    Column("name_key", String(300), index=True),
    Column("address_key", String(300), index=True),
    Column("fingerprint", LargeBinary),
    Column("text_bands", TEXT_BANDS),
    Index("appeal_received_at_id_idx", "received_at", "id"),
    # Overdue lists sorted by due date read open appeals only (most rows are closed).
    Index(
        "appeal_open_due_date_idx",
        "due_date",
        "id",
        postgresql_where=text(OPEN_STATUS_SQL),
        sqlite_where=text(OPEN_STATUS_SQL),
    ),
)

# Special-category data (author categories: disability, veteran status…) lives apart from
# the record so that it is read only where a role may see it (domain Part A §6).
special_category = Table(
    "special_category",
    metadata,
    Column("appeal_id", Uuid, ForeignKey("registry.appeal.id"), primary_key=True),
    Column("author_categories", JSON_DOCUMENT, nullable=False),
)

appeal_link = Table(
    "appeal_link",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("appeal_id", Uuid, ForeignKey("registry.appeal.id"), nullable=False, index=True),
    Column("linked_id", Uuid, nullable=False, index=True),
    Column("linked_number", String(30), nullable=False),
    Column("sign", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("matched_on", String(120), nullable=False),
    Column("similarity", Float, nullable=False),
    Column("earlier_resolved_on_merits", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

attachment = Table(
    "attachment",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("appeal_id", Uuid, ForeignKey("registry.appeal.id"), nullable=False, index=True),
    Column("file_name", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", String(64)),
    Column("storage_ref", String(500)),
    Column("accepted", Boolean, nullable=False),
    Column("refusal", String(200)),
)

status_history = Table(
    "status_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("appeal_id", Uuid, ForeignKey("registry.appeal.id"), nullable=False),
    Column("from_status", String(30)),
    Column("to_status", String(30), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("reason", Text),
    Column("source_event_id", Uuid),
    Index("status_history_appeal_idx", "appeal_id", "id"),
)

registration_counter = Table(
    "registration_counter",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("subject", String(200), nullable=False, index=True),
    Column("roles", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("appeal_id", Uuid, index=True),
    Column("detail", Text),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
idempotency = idempotency_table(metadata)
