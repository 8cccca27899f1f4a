"""Transactional outbox: an event is written in the same transaction as the change it reports.

A relay (one per service process) claims pending rows, publishes them with publisher confirms
and marks them sent. A crash between the confirm and the mark publishes the row again, so
delivery is at-least-once by design and consumers dedupe by event id (see `shared.inbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import structlog
from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    event,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from shared.bus import EventBus
from shared.db import UtcDateTime
from shared.events import Envelope
from shared.metrics import OUTBOX_PUBLISHED, OUTBOX_RELAY_ERRORS

log = structlog.get_logger(__name__)

JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("event_type", String(100), nullable=False),
        Column("envelope", JSON_DOCUMENT, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("sent_at", UtcDateTime),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Index(
            "outbox_pending_idx",
            "created_at",
            postgresql_where=Column("sent_at").is_(None),
            sqlite_where=Column("sent_at").is_(None),
        ),
    )


class Outbox:
    """Writes events into a service's outbox table inside the caller's transaction."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.wakeup = asyncio.Event()

    async def add(self, session: AsyncSession, *envelopes: Envelope) -> None:
        if not envelopes:
            return
        now = datetime.now(UTC)
        await session.execute(
            self.table.insert(),
            [
                {
                    "id": envelope.id,
                    "event_type": envelope.type,
                    "envelope": envelope.model_dump(mode="json"),
                    "created_at": now,
                }
                for envelope in envelopes
            ],
        )
        session.info.setdefault("outbox_wakeups", set()).add(self)


@event.listens_for(Session, "after_commit")
def _wake_relays_after_commit(session: Session) -> None:
    """Tell this process's relays that new rows are committed (an in-process NOTIFY)."""
    for outbox in session.info.pop("outbox_wakeups", set()):
        outbox.wakeup.set()


@event.listens_for(Session, "after_rollback")
def _forget_wakeups_after_rollback(session: Session) -> None:
    session.info.pop("outbox_wakeups", None)


class OutboxRelay:
    """Publishes committed outbox rows in batches; several relays may run side by side."""

    def __init__(
        self,
        outbox: Outbox,
        sessionmaker: async_sessionmaker[AsyncSession],
        bus: EventBus,
        *,
        batch_size: int = 200,
        poll_interval: float = 0.5,
        linger: float = 0.01,
    ) -> None:
        self.outbox = outbox
        self.sessionmaker = sessionmaker
        self.bus = bus
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.linger = linger
        self._stopping = asyncio.Event()

    async def publish_pending(self) -> int:
        """Claim one batch, publish it, mark what the broker confirmed. Returns rows sent."""
        table = self.outbox.table
        async with self.sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(table.c.id, table.c.envelope)
                    .where(table.c.sent_at.is_(None))
                    .order_by(table.c.created_at)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            envelopes = [Envelope.model_validate(row.envelope) for row in rows]
            confirmed = await self.bus.publish_many(envelopes)
            sent_ids = [row.id for row, ok in zip(rows, confirmed, strict=True) if ok]
            failed_ids = [row.id for row, ok in zip(rows, confirmed, strict=True) if not ok]
            if sent_ids:
                await session.execute(
                    update(table).where(table.c.id.in_(sent_ids)).values(sent_at=func.now())
                )
            if failed_ids:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_(failed_ids))
                    .values(attempts=table.c.attempts + 1)
                )
                OUTBOX_RELAY_ERRORS.inc(len(failed_ids))
        OUTBOX_PUBLISHED.inc(len(sent_ids))
        return len(sent_ids)

    async def run(self) -> None:
        """Relay until stopped: drain on every wake-up, poll as a fallback."""
        while not self._stopping.is_set():
            try:
                sent = await self.publish_pending()
            except Exception:
                log.exception("outbox relay batch failed")
                sent = 0
                await self._sleep(self.poll_interval * 4)
                continue
            if sent >= self.batch_size:
                continue
            self.outbox.wakeup.clear()
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.outbox.wakeup.wait(), self.poll_interval)
                # Let a few more commits land, so one claim carries many rows, not one.
                await self._sleep(self.linger)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def stop(self) -> None:
        self._stopping.set()
        self.outbox.wakeup.set()


async def pending_count(session: AsyncSession, table: Table) -> int:
    return int(await session.scalar(select(func.count()).where(table.c.sent_at.is_(None))) or 0)
