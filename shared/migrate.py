"""Apply (or create) a service's Alembic migrations, on PostgreSQL or SQLite alike."""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from shared.db import create_engine

MIGRATIONS_ENV = Path(__file__).parent / "migrations"


def alembic_config(service: str, schema: str) -> Config:
    package_dir = Path(importlib.import_module(service).__file__ or "").parent
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_ENV))
    config.set_main_option("version_locations", str(package_dir / "migrations"))
    config.set_main_option("path_separator", "os")
    config.attributes["schema"] = schema
    config.attributes["service"] = service
    return config


async def upgrade(database_url: str, service: str, schema: str, revision: str = "head") -> None:
    engine = create_engine(database_url, service=f"{service}-migrate", schema=schema, pool_size=1)
    config = alembic_config(service, schema)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def autogenerate(database_url: str, service: str, schema: str, message: str) -> None:
    """Write a new revision from the difference between the models and the database."""
    engine = create_engine(database_url, service=f"{service}-migrate", schema=schema, pool_size=1)
    config = alembic_config(service, schema)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()
