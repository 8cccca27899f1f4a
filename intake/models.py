"""Intake's tables (schema `intake`).

Submissions as received, what the hotline and the support line record besides appeals
(consultations, support calls, transfers to a psychologist), web attachments, the public
status projection, the Telegram dialogues with their durable outgoing messages, and the
usual idempotency keys, outbox and inbox.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.idempotency import idempotency_table
from shared.inbox import inbox_table
from shared.outbox import outbox_table

SCHEMA = "intake"
metadata = service_metadata(SCHEMA)
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")

submission = Table(
    "submission",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, unique=True),
    Column("channel", String(20), nullable=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("submitted_by", String(200), nullable=False),
    Column("payload", JSON_DOCUMENT, nullable=False),
)

consultation = Table(
    "consultation",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("channel", String(20), nullable=False),
    Column("line", String(20), nullable=False),
    Column("call_id", String(100), nullable=False),
    Column("caller_number", String(40)),
    Column("call_started_at", UtcDateTime, nullable=False),
    Column("call_ended_at", UtcDateTime),
    Column("topic_code", String(3), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False, index=True),
)

support_call = Table(
    "support_call",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("call_id", String(100), nullable=False, index=True),
    Column("caller_number", String(40)),
    Column("call_started_at", UtcDateTime, nullable=False),
    Column("call_ended_at", UtcDateTime),
    Column("caller_category", String(30), nullable=False),
    Column("summary", Text, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False, index=True),
)

psychologist_transfer = Table(
    "psychologist_transfer",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("support_call_id", Uuid, ForeignKey("support_call.id"), nullable=False, index=True),
    Column("psychologist", String(200), nullable=False),
    Column("transferred_at", UtcDateTime, nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("note", Text),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

attachment = Table(
    "attachment",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# What a citizen may see of their own appeal, kept from the registry's and router's events.
tracking = Table(
    "tracking",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("channel", String(20), nullable=False),
    Column("language", String(2), nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("lookup_code_hash", String(64)),
    Column("telegram_chat_id", BigInteger, index=True),
    Column("registration_number", String(40), unique=True),
    Column("status", String(30), nullable=False),
    Column("status_changed_at", UtcDateTime),
    Column("body_code", String(100)),
    Column("due_date", Date),
    Column("outcome", String(40)),
    Column("answer_text", Text),
    Column("answered_at", UtcDateTime),
)

telegram_update = Table(
    "telegram_update",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
)

telegram_dialogue = Table(
    "telegram_dialogue",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("state", JSON_DOCUMENT, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, index=True),
)

telegram_outgoing = Table(
    "telegram_outgoing",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False, index=True),
    Column("method", String(50), nullable=False),
    Column("payload", JSON_DOCUMENT, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("state", String(10), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_error", String(500)),
    Column("sent_at", UtcDateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(200), nullable=False),
)

idempotency_key = idempotency_table(metadata)
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
