"""Intake's tables (schema `intake`): submissions as received, idempotency keys, outbox."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.idempotency import idempotency_table
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "intake"
metadata = service_metadata(SCHEMA)

submission = Table(
    "submission",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, unique=True),
    Column("channel", String(20), nullable=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("submitted_by", String(200), nullable=False),
    Column("payload", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
)

idempotency_key = idempotency_table(metadata)
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
