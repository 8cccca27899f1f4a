"""Alembic environment shared by every service; each service keeps its own versions folder.

Run through `shared.migrate`, which hands over an open connection and the service's schema:
the version table lives in that schema, so the services' histories never mix.
"""

from __future__ import annotations

import importlib

from alembic import context
from sqlalchemy import MetaData, text

config = context.config
connection = config.attributes["connection"]
schema: str = config.attributes["schema"]
service: str = config.attributes["service"]
target_metadata: MetaData = importlib.import_module(f"{service}.models").metadata


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return name == schema if type_ == "schema" else True


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
)
with context.begin_transaction():
    context.run_migrations()
