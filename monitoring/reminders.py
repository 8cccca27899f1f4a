"""Reminders and escalation: each rung of the ladder fires once per appeal and due date.

A pass looks at the open appeals whose due date is near or past, picks for each the most
urgent rung it has reached, and inserts a ``reminder`` row keyed by (appeal, rung, due
date) together with the event in the outbox, in one transaction. The insert ignores
duplicates, so several monitoring replicas (or a restarted one) can run passes at the same
time: on PostgreSQL the second insert of a key waits for the first transaction and then
does nothing, and only the transaction that inserted the row writes the event.

Only the most urgent rung reached is sent: an appeal first seen three days overdue gets
one breach, not a late "due in 3 days" as well. An extension moves the due date, which
re-arms the ladder for the new date.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.config import MonitoringSettings, ReminderThreshold
from monitoring.models import deadline, reminder
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.deadlines import days_left, kyiv_date
from shared.events import DeadlineApproaching, DeadlineBreached, EventPayload, make_envelope
from shared.service import ServiceRuntime

log = structlog.get_logger(__name__)

PRODUCER = "monitoring"
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def most_urgent_reached(
    thresholds: Sequence[ReminderThreshold], remaining_days: int
) -> ReminderThreshold | None:
    """The rung with the fewest days before the due date that ``remaining_days`` has reached."""
    reached = [rung for rung in thresholds if remaining_days <= rung.days_before_due]
    return min(reached, key=lambda rung: rung.days_before_due, default=None)


@dataclass(frozen=True)
class PassResult:
    examined: int
    sent: int


async def run_reminder_pass(
    runtime: ServiceRuntime,
    settings: MonitoringSettings,
    now: datetime,
) -> PassResult:
    """One sweep over the open appeals, in batches of ``reminder_batch_size``, each committed."""
    thresholds = settings.reminder_thresholds
    if not thresholds:
        return PassResult(0, 0)
    today = kyiv_date(now)
    horizon = today + timedelta(days=max(rung.days_before_due for rung in thresholds))
    examined = sent = 0
    after: uuid.UUID | None = None
    while True:
        async with runtime.transaction() as session:
            query = (
                select(deadline.c.appeal_id, deadline.c.body_code, deadline.c.due_date)
                .where(deadline.c.closed.is_(False), deadline.c.due_date <= horizon)
                .order_by(deadline.c.appeal_id)
                .limit(settings.reminder_batch_size)
            )
            if after is not None:
                query = query.where(deadline.c.appeal_id > after)
            rows = (await session.execute(query)).all()
            if not rows:
                break
            after = rows[-1].appeal_id
            examined += len(rows)
            sent += await _remind_batch(session, runtime, rows, thresholds, now)
    return PassResult(examined, sent)


async def _remind_batch(
    session: AsyncSession,
    runtime: ServiceRuntime,
    rows: Sequence[Any],
    thresholds: Sequence[ReminderThreshold],
    now: datetime,
) -> int:
    due_rungs: list[tuple[Any, ReminderThreshold, int]] = []
    for row in rows:
        remaining = days_left(row.due_date, now)
        rung = most_urgent_reached(thresholds, remaining)
        if rung is not None:
            due_rungs.append((row, rung, remaining))
    if not due_rungs:
        return 0
    keys = [(row.appeal_id, rung.name, row.due_date) for row, rung, _ in due_rungs]
    already = set(
        (
            await session.execute(
                select(reminder.c.appeal_id, reminder.c.threshold, reminder.c.due_date).where(
                    tuple_(reminder.c.appeal_id, reminder.c.threshold, reminder.c.due_date).in_(
                        keys
                    )
                )
            )
        ).all()
    )
    sent = 0
    for row, rung, remaining in due_rungs:
        if (row.appeal_id, rung.name, row.due_date) in already:
            continue
        event_id = uuid.uuid4()
        inserted = await session.execute(
            insert_ignoring_duplicates(reminder, dialect_of(session))
            .values(
                appeal_id=row.appeal_id,
                threshold=rung.name,
                due_date=row.due_date,
                event_id=event_id,
                created_at=now,
            )
            .returning(reminder.c.event_id)
        )
        if inserted.first() is None:
            continue
        payload: EventPayload
        if rung.is_breach:
            payload = DeadlineBreached(
                body_code=row.body_code,
                due_date=row.due_date,
                days_overdue=-remaining,
                threshold=rung.name,
            )
        else:
            payload = DeadlineApproaching(
                threshold=rung.name,
                body_code=row.body_code,
                due_date=row.due_date,
                days_left=remaining,
            )
        await runtime.outbox.add(
            session,
            make_envelope(
                payload,
                producer=PRODUCER,
                appeal_id=row.appeal_id,
                correlation_id=f"reminder:{row.appeal_id}:{rung.name}",
                event_id=event_id,
            ),
        )
        sent += 1
    return sent


async def reminder_loop(
    runtime: ServiceRuntime,
    settings: MonitoringSettings,
    stopping: asyncio.Event,
    clock: Clock = system_clock,
) -> None:
    """Run a pass, then sleep until the next one or until shutdown."""
    while not stopping.is_set():
        result = await run_reminder_pass(runtime, settings, clock())
        if result.sent:
            log.info("reminders sent", sent=result.sent, examined=result.examined)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), settings.reminder_interval_seconds)
