"""`Idempotency-Key` on POSTs that create something.

The first request with a key does the work and stores its answer in the same transaction; a
repeat gets the stored answer; a repeat with a different body is refused. A concurrent
duplicate waits on the key's primary key until the first commits, then gets its answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import UtcDateTime, dialect_of, insert_ignoring_duplicates
from shared.errors import InvalidInput

MAX_KEY_LENGTH = 200


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_key",
        metadata,
        Column("scope", String(200), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("response_status", Integer),
        Column("response_body", JSON().with_variant(JSONB(), "postgresql")),
        Column("created_at", UtcDateTime, nullable=False, index=True),
    )


def request_fingerprint(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: dict[str, Any]
    replayed: bool


async def run_once(
    session: AsyncSession,
    table: Table,
    *,
    scope: str,
    key: str | None,
    request_body: Any,
    work: Callable[[], Awaitable[tuple[int, dict[str, Any]]]],
) -> StoredAnswer:
    """Do `work` once per (scope, key) inside the caller's transaction."""
    if key is None:
        status, body = await work()
        return StoredAnswer(status, body, replayed=False)
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.",
            errors=[{"field": "Idempotency-Key", "message": "invalid length"}],
        )
    fingerprint = request_fingerprint(request_body)
    claimed = await session.execute(
        insert_ignoring_duplicates(table, dialect_of(session))
        .values(scope=scope, key=key, request_hash=fingerprint, created_at=datetime.now(UTC))
        .returning(table.c.key)
    )
    if claimed.first() is None:
        stored = (
            await session.execute(
                select(table.c.request_hash, table.c.response_status, table.c.response_body).where(
                    table.c.scope == scope, table.c.key == key
                )
            )
        ).one()
        if stored.request_hash != fingerprint:
            raise InvalidInput(
                "This Idempotency-Key was already used with a different request body.",
                errors=[{"field": "Idempotency-Key", "message": "reused with another body"}],
            )
        return StoredAnswer(int(stored.response_status), dict(stored.response_body), True)
    status, body = await work()
    await session.execute(
        update(table)
        .where(table.c.scope == scope, table.c.key == key)
        .values(response_status=status, response_body=body)
    )
    return StoredAnswer(status, body, replayed=False)
