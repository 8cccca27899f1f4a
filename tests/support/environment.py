"""Where the tests find PostgreSQL and RabbitMQ, and how they get a clean slate of each."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aio_pika
import asyncpg
from sqlalchemy.engine import make_url

from services.catalog import SERVICES
from shared.auth import Role, mint_token
from shared.config import CommonSettings
from shared.migrate import upgrade

# One database per test run, so that runs side by side never disturb each other.
TEST_DATABASE_URL = os.environ.get(
    "TEST_DATABASE_URL",
    f"postgresql+asyncpg://postgres@127.0.0.1:5432/contact_center_test_{uuid.uuid4().hex[:8]}",
)
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
JWT_SECRET = "test-secret-for-the-suite-only-0123456789abcdef"
SYSTEM_API_KEY = "test-system-key"

T = TypeVar("T")


def new_bus_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


def service_environment(prefix: str, **extra: str) -> dict[str, str]:
    """Environment variables a service process of the test stack runs with."""
    return {
        "ENVIRONMENT": "test",
        "DATABASE_URL": TEST_DATABASE_URL,
        "AMQP_URL": AMQP_URL,
        "BUS_PREFIX": prefix,
        "JWT_SECRET": JWT_SECRET,
        "API_KEYS": json.dumps({SYSTEM_API_KEY: {"name": "test-system", "roles": ["system"]}}),
        "LOG_LEVEL": "WARNING",
        "DB_POOL_SIZE": "3",
        **extra,
    }


def test_settings(prefix: str) -> CommonSettings:
    return CommonSettings.model_validate(
        {
            "environment": "test",
            "database_url": TEST_DATABASE_URL,
            "amqp_url": AMQP_URL,
            "bus_prefix": prefix,
            "jwt_secret": JWT_SECRET,
        }
    )


def bearer(
    role: Role | str, *, body_code: str | None = None, subject: str | None = None
) -> dict[str, str]:
    settings = test_settings("unused")
    token = mint_token(settings, subject or f"test-{role}", [Role(role)], body_code=body_code)
    return {"Authorization": f"Bearer {token}"}


def _plain_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def recreate_test_database() -> None:
    """Drop and create the test database, then apply every service's migrations."""
    name = make_url(TEST_DATABASE_URL).database
    assert name and "_test" in name, "refusing to recreate a database not named *_test*"
    admin = await asyncpg.connect(_plain_dsn(TEST_DATABASE_URL, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    for spec in SERVICES:
        await upgrade(TEST_DATABASE_URL, spec.name, spec.schema)


async def drop_test_database() -> None:
    name = make_url(TEST_DATABASE_URL).database
    admin = await asyncpg.connect(_plain_dsn(TEST_DATABASE_URL, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def truncate_all_tables() -> None:
    connection = await asyncpg.connect(_plain_dsn(TEST_DATABASE_URL))
    try:
        rows = await connection.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY($1::text[]) AND table_name <> 'alembic_version' "
            "AND table_type = 'BASE TABLE'",
            [spec.schema for spec in SERVICES],
        )
        if rows:
            names = ", ".join(f'"{row["table_schema"]}"."{row["table_name"]}"' for row in rows)
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


async def fetch(query: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(_plain_dsn(TEST_DATABASE_URL))
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()


@functools.cache
def known_queue_names() -> list[str]:
    """Every queue the services subscribe, with its dead-letter queue (names without prefix)."""
    names: list[str] = []
    for spec in SERVICES:
        app = spec.build(spec.settings(environment="test", database_url=TEST_DATABASE_URL))
        for subscription in app.state.runtime.subscriptions:
            names += [subscription.queue, f"{subscription.queue}.dlq"]
    return names


async def _each_queue(prefix: str, names: list[str], action: str) -> None:
    connection = await aio_pika.connect(AMQP_URL)
    try:
        channel = await connection.channel()
        for name in names:
            try:
                if action == "purge":
                    queue = await channel.get_queue(f"{prefix}.{name}", ensure=True)
                    await queue.purge()
                else:
                    await channel.queue_delete(f"{prefix}.{name}")
            except aio_pika.exceptions.ChannelClosed:
                channel = await connection.channel()
    finally:
        await connection.close()


async def purge_queues(prefix: str, names: list[str]) -> None:
    """Empty the queues a previous test may have left messages in (absent ones are skipped)."""
    await _each_queue(prefix, names, "purge")


async def delete_bus(prefix: str, names: list[str]) -> None:
    """Remove a test run's queues and exchanges."""
    await _each_queue(prefix, names, "delete")
    connection = await aio_pika.connect(AMQP_URL)
    try:
        channel = await connection.channel()
        for exchange in (f"{prefix}.events", f"{prefix}.dead-letter"):
            await channel.exchange_delete(exchange)
    finally:
        await connection.close()


async def eventually(
    probe: Callable[[], Awaitable[T]],
    accept: Callable[[T], bool],
    *,
    within: float = 60.0,
    every: float = 0.2,
) -> T:
    """Poll until `accept(probe())` holds; fail with the last value after `within` seconds.

    A bound on waiting for asynchronous work, not a claim about speed.
    """
    deadline = time.monotonic() + within
    value = await probe()
    while not accept(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached; last value: {value!r}")
        await asyncio.sleep(every)
        value = await probe()
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
