"""Registry's tables (schema `registry`): the region's electronic database of appeals."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "registry"
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")

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
