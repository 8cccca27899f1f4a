"""Router's tables (schema `router`): bodies, competence rules, routing decisions."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    String,
    Table,
    Uuid,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "router"
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")

body = Table(
    "body",
    metadata,
    Column("code", String(80), primary_key=True),
    Column("name_uk", String(300), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("document", JSON_DOCUMENT, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
)

competence_rule = Table(
    "competence_rule",
    metadata,
    Column("rule_id", String(80), primary_key=True),
    Column("position", Integer, nullable=False, index=True),
    Column("document", JSON_DOCUMENT, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
)

routing = Table(
    "routing",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("registration_number", String(30), nullable=False),
    Column("body_code", String(80), nullable=False, index=True),
    Column("co_executor_codes", JSON_DOCUMENT, nullable=False),
    Column("rule_id", String(80)),
    Column("received_on", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("routed_at", UtcDateTime, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
