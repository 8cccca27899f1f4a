"""Monitoring's tables (schema `monitoring`).

`deadline` is the projection of every appeal that monitoring needs: its statutory clocks,
its lifecycle and the coded facts the reports count. It holds no name, address or text:
whatever monitoring shows is counts and registration numbers.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    false,
    text,
)

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
    Column("received_on", Date, nullable=False, index=True),
    Column("due_date", Date, nullable=False, index=True),
    Column("closed", Boolean, nullable=False, server_default=false()),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("registered", Boolean, nullable=False, server_default=false()),
    Column("received_at", UtcDateTime),
    Column("channel", String(20)),
    Column("kind", String(20)),
    Column("sign", String(20)),
    Column("topic_code", String(10)),
    Column("territory_code", String(40)),
    Column("sex", String(10)),
    Column("social_status", String(10)),
    Column("anonymous", Boolean, nullable=False, server_default=false()),
    Column("priority", Boolean, nullable=False, server_default=false()),
    Column("needs_no_further_study", Boolean, nullable=False, server_default=false()),
    Column("ceiling_date", Date),
    Column("forward_by", Date),
    Column("return_by", Date),
    Column("status_changed_at", UtcDateTime),
    Column("answered_at", UtcDateTime),
    Column("outcome", String(40)),
    Column("extensions", Integer, nullable=False, server_default="0"),
    Column("redirects", Integer, nullable=False, server_default="0"),
    Column("reworks", Integer, nullable=False, server_default="0"),
    Column("satisfied", String(10)),
    Index(
        "deadline_topic_code_territory_code_received_on_idx",
        "topic_code",
        "territory_code",
        "received_on",
    ),
)

author_category = Table(
    "author_category",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("category_code", String(10), primary_key=True),
)

redirect = Table(
    "redirect",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("appeal_id", Uuid, nullable=False, index=True),
    Column("from_body_code", String(80), nullable=False, index=True),
    Column("redirected_at", UtcDateTime, nullable=False),
)

reminder = Table(
    "reminder",
    metadata,
    Column("appeal_id", Uuid, primary_key=True),
    Column("threshold", String(40), primary_key=True),
    Column("due_date", Date, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

work_calendar_day = Table(
    "work_calendar_day",
    metadata,
    Column("day", Date, primary_key=True),
    Column("working", Boolean, nullable=False),
    Column("note", String(200)),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

hotspot_problem = Table(
    "hotspot_problem",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("topic_code", String(10), nullable=False),
    Column("territory_code", String(40), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("expected", Float, nullable=False),
    Column("p_value", Float, nullable=False),
    Column("window_days", Integer, nullable=False),
    Column("appeal_ids", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("acknowledged_at", UtcDateTime),
    Column("acknowledged_by", String(200)),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(200)),
    Column("note", String(1000)),
    Index(
        "hotspot_problem_one_open_per_series_idx",
        "topic_code",
        "territory_code",
        unique=True,
        postgresql_where=text("status <> 'closed'"),
        sqlite_where=text("status <> 'closed'"),
    ),
    Index("hotspot_problem_status_idx", "status"),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
