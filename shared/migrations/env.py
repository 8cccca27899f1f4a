"""Alembic environment shared by every service; each service keeps its own versions folder.

Run through `shared.migrate`, which hands over an open connection and the service's schema:
the version table lives in that schema, so the services' histories never mix.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

from alembic import context
from sqlalchemy import MetaData, text

from shared.db import UtcDateTime

config = context.config
connection = config.attributes["connection"]
schema: str = config.attributes["schema"]
service: str = config.attributes["service"]
target_metadata: MetaData = importlib.import_module(f"{service}.models").metadata


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return name == schema if type_ == "schema" else True


def render_item(type_: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Migrations spell the column type plainly, so they never import application code."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


if connection.dialect.name == "postgresql":
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:schema))"), {"schema": schema})
    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    version_table_schema=schema,
    include_schemas=True,
    include_name=include_name,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
