"""Monitoring's tables (schema `monitoring`): the deadline book and its projections."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, String, Table, Uuid, false

from shared.db import UtcDateTime, service_metadata
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "monitoring"
metadata = service_metadata(SCHEMA)

deadline = Table(
    "deadline",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("registration_number", String(30)),
    Column("body_code", String(80), index=True),
    Column("status", String(30), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("due_date", Date, nullable=False, index=True),
    Column("closed", Boolean, nullable=False, server_default=false()),
    Column("updated_at", UtcDateTime, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
