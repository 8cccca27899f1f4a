"""Idempotent consumption: an event id is recorded in the same transaction as its effect.

A redelivered event finds its id already there, commits nothing and is acknowledged; so
at-least-once delivery gives an exactly-once effect.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Column, MetaData, String, Table, Uuid
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import UtcDateTime, dialect_of, insert_ignoring_duplicates


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", UtcDateTime, nullable=False, index=True),
    )


async def claim_event(
    session: AsyncSession, table: Table, consumer: str, event_id: uuid.UUID
) -> bool:
    """Record that `consumer` handles `event_id` now; False when it was handled before.

    Call first thing inside the handler's transaction: the primary key makes a concurrent
    duplicate wait for the first transaction and then see the conflict.
    """
    statement = (
        insert_ignoring_duplicates(table, dialect_of(session))
        .values(consumer=consumer, event_id=event_id, processed_at=datetime.now(UTC))
        .returning(table.c.event_id)
    )
    return (await session.execute(statement)).first() is not None
