"""Exchange's tables (schema `exchange`): the appeal cards we hold and the push journal."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "exchange"
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")

appeal_card = Table(
    "appeal_card",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("registration_number", String(30), nullable=False),
    Column("card", JSON_DOCUMENT, nullable=False),
    Column("ucc_number", String(40), index=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

push_job = Table(
    "push_job",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("payload", JSON_DOCUMENT, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("leased_until", UtcDateTime),
    Column("done_at", UtcDateTime),
    Column("failed_at", UtcDateTime),
    Column("last_error", Text),
    Index("push_job_due_idx", "next_attempt_at", postgresql_where=Column("done_at").is_(None)),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
