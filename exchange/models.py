"""Exchange's tables (schema `exchange`): what we hold about appeals and the UCC, and journals.

- `appeal_card`: our projection of each appeal, in the shape the UCC contract needs.
- `push_job`: the durable journal of pushes to the UCC (cards and status updates).
- `ucc_link`: UCC number ↔ our appeal id; its unique keys make a pull or an import
  create an appeal at most once, whichever replica or file brings it.
- `feed_item`: every assignment-feed item applied, keyed by the UCC's `item_id`.
- `sync_cursor`: where the feed was read up to; its row lock serialises pulling replicas.
- `reconciliation`: stored results of comparing both sides.
- `audit_log`: who read personal data here (the export file carries it).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, Index, Integer, String, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from shared.db import UtcDateTime, service_metadata
from shared.idempotency import idempotency_table
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
    Column("received_at", UtcDateTime, index=True),
    Column("status", String(30)),
    Column("status_changed_at", UtcDateTime),
    Column("answer", JSON_DOCUMENT),
    Column("ucc_status", String(200)),
    Column("ucc_sub_status", String(200)),
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

ucc_link = Table(
    "ucc_link",
    metadata,
    Column("ucc_number", String(40), primary_key=True),
    Column("appeal_id", Uuid, nullable=False, unique=True),
    Column("origin", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("acked_at", UtcDateTime),
    Column("ucc_status", String(200)),
    Column("ucc_sub_status", String(200)),
    Column("ucc_due_date", Date),
    Column("refreshed_at", UtcDateTime),
)

feed_item = Table(
    "feed_item",
    metadata,
    Column("item_id", String(64), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("ucc_number", String(40), nullable=False, index=True),
    Column("appeal_id", Uuid, index=True),
    Column("payload", JSON_DOCUMENT, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

sync_cursor = Table(
    "sync_cursor",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("cursor", String(64)),
    Column("updated_at", UtcDateTime, nullable=False),
)

reconciliation = Table(
    "reconciliation",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("period_from", UtcDateTime, nullable=False),
    Column("period_to", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("finished_at", UtcDateTime),
    Column("requested_by", String(200), nullable=False),
    Column("counts", JSON_DOCUMENT, nullable=False),
    Column("mismatches", JSON_DOCUMENT, nullable=False),
    Column("error", Text),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("subject", String(200), nullable=False),
    Column("action", String(50), nullable=False),
    Column("detail", JSON_DOCUMENT, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
idempotency = idempotency_table(metadata)
