"""Database plumbing shared by the services: metadata, engines and sessions.

Each service owns one schema. On PostgreSQL that is a real schema in a shared database; in
the embedded SQLite mode each service gets its own file under `var/`, attached under the
schema's name, so the same table definitions and migrations work unchanged on both.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData, Table, TypeDecorator, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.sql.dml import Insert

NAMING_CONVENTION = {
    "ix": "%(table_name)s_%(column_0_N_name)s_idx",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def service_metadata(schema: str) -> MetaData:
    """Metadata whose tables all live in the service's own schema."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_schema_file(url: str, schema: str) -> Path:
    """Where the SQLite file of one service's schema lives: beside the main database file."""
    database = make_url(url).database or "var/contact_center.db"
    main = Path(database)
    return main.with_name(f"{main.stem}.{schema}.db")


def create_engine(url: str, *, service: str, schema: str, pool_size: int = 10) -> AsyncEngine:
    """One engine per service process, named so that it shows in `pg_stat_activity`."""
    if is_sqlite(url):
        main = Path(make_url(url).database or "var/contact_center.db")
        main.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        schema_file = sqlite_schema_file(url, schema)

        @event.listens_for(engine.sync_engine, "connect")
        def _attach(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute(f"ATTACH DATABASE '{schema_file}' AS \"{schema}\"")
            cursor.execute(f'PRAGMA "{schema}".journal_mode=WAL')
            cursor.close()

        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size // 2,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={
            "server_settings": {"application_name": service},
            "command_timeout": 60,
            "timeout": 10,
        },
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def dialect_of(session: AsyncSession) -> str:
    """Name of the database dialect a session talks to ("postgresql" or "sqlite")."""
    return session.get_bind().dialect.name


def insert_ignoring_duplicates(table: Table, dialect_name: str) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING` for the dialect at hand.

    The unique violation is the guarantee (inbox, idempotency keys): a pre-check `SELECT`
    would race with a concurrent writer.
    """
    if dialect_name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect_name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(dialect_name)


async def ping(connection: AsyncConnection) -> None:
    await connection.execute(text("SELECT 1"))
