"""Router's tables (schema `router`).

Bodies and competence rules are editable data with an audit trail and rule-set versions; an
appeal the router handles is a `case` with one `assignment` per body (the lead and any
co-executors); each assignment reaches its body through one durable `delivery_job`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.idempotency import idempotency_table
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "router"
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")
SERIAL = BigInteger().with_variant(Integer(), "sqlite")

body = Table(
    "body",
    metadata,
    Column("code", String(80), primary_key=True),
    Column("name_uk", String(300), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("document", JSON_DOCUMENT, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("webhook_secret", String(200)),
    Column("pull_key_hash", String(64), index=True),
    Column("updated_at", UtcDateTime),
)

competence_rule = Table(
    "competence_rule",
    metadata,
    Column("rule_id", String(80), primary_key=True),
    Column("position", Integer, nullable=False, index=True),
    Column("document", JSON_DOCUMENT, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
)

rule_set_version = Table(
    "rule_set_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("change", String(500), nullable=False),
    Column("rules", JSON_DOCUMENT, nullable=False),
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
    Column("rule_set_version", Integer),
    Column("decided_by", String(200)),
)

appeal_case = Table(
    "appeal_case",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("registration_number", String(30), nullable=False),
    Column("correlation_id", String(200), nullable=False),
    Column("registered", JSON_DOCUMENT, nullable=False),
    Column("status", String(30), nullable=False, index=True),
    Column("topic_code", String(20)),
    Column("topic_source", String(20), nullable=False),
    Column("model_version", String(60)),
    Column("suggestions", JSON_DOCUMENT),
    Column("topic_doubtful", Boolean, nullable=False, server_default=false()),
    Column("lead_body_code", String(80), index=True),
    Column("excluded_body_codes", JSON_DOCUMENT, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("due_date", Date),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

assignment = Table(
    "assignment",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("body_code", String(80), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("assigned_at", UtcDateTime, nullable=False),
    Column("forward_by", Date, nullable=False),
    Column("delivered_at", UtcDateTime),
    Column("accepted_at", UtcDateTime),
    Column("answered_at", UtcDateTime),
    Column("answer", JSON_DOCUMENT),
    Column("redirect_reason", Text),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("appeal_id", "body_code"),
)

delivery_job = Table(
    "delivery_job",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("assignment_id", Uuid, nullable=False, unique=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("body_code", String(80), nullable=False, index=True),
    Column("method", String(20), nullable=False),
    Column("payload", JSON_DOCUMENT, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("leased_until", UtcDateTime),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Index("delivery_job_due_idx", "status", "next_attempt_at"),
)

triage_item = Table(
    "triage_item",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("reason", String(40), nullable=False),
    Column("suggestions", JSON_DOCUMENT, nullable=False),
    Column("model_version", String(60)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime),
    Column("decided_by", String(200)),
    Column("decided_topic_code", String(20)),
    Column("decided_body_code", String(80)),
    Column("overrode_suggestion", Boolean),
    Column("note", Text),
)

contact_resolution = Table(
    "contact_resolution",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("article_id", Uuid),
    Column("answer_text", Text, nullable=False),
    Column("resolved_by", String(200), nullable=False),
    Column("resolved_at", UtcDateTime, nullable=False),
)

knowledge_article = Table(
    "knowledge_article",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("topic_code", String(20)),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("source", String(500), nullable=False),
    Column("search_text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

notification = Table(
    "notification",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("recipient", String(300), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("leased_until", UtcDateTime),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("done_at", UtcDateTime),
    Column("done_by", String(200)),
    Column("dedupe_key", String(120), nullable=False, unique=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", SERIAL, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("subject_type", String(40), nullable=False),
    Column("subject_id", String(120), nullable=False, index=True),
    Column("details", JSON_DOCUMENT, nullable=False),
)

idempotency_key = idempotency_table(metadata)
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
