"""Hot spots over the live projection: detection, open problems and their life cycle.

Each pass takes the daily counts per (topic, territory) for the detector's baseline and
window, runs ``monitoring.hotspots.detect`` for the Kyiv day, and opens a problem per new
alarm. A series has at most one problem that is not closed (a partial unique index), so
a spike that keeps alarming, or two replicas that see it at once, make one problem and
one ``hotspot.detected`` event. An alarm within ``cooldown_days`` of a closed problem of the
same series is the same problem coming back, not a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Literal

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.config import MonitoringSettings
from monitoring.hotspots import DEFAULT_PARAMS, DailyCounts, Detection, HotspotParams, detect
from monitoring.models import deadline, hotspot_problem
from monitoring.reminders import Clock, system_clock
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.deadlines import kyiv_date
from shared.errors import Conflict, NotFound
from shared.events import HotspotDetected, make_envelope
from shared.service import ServiceRuntime

log = structlog.get_logger(__name__)

PRODUCER = "monitoring"
MAX_APPEALS_PER_PROBLEM = 500
ProblemStatus = Literal["open", "acknowledged", "closed"]


async def daily_counts(session: AsyncSession, day: date, params: HotspotParams) -> DailyCounts:
    first = day - timedelta(days=params.window_days + params.baseline_days)
    rows = await session.execute(
        select(
            deadline.c.topic_code, deadline.c.territory_code, deadline.c.received_on, func.count()
        )
        .where(
            deadline.c.received_on.between(first, day),
            deadline.c.topic_code.is_not(None),
            deadline.c.territory_code.is_not(None),
        )
        .group_by(deadline.c.topic_code, deadline.c.territory_code, deadline.c.received_on)
    )
    counts: dict[tuple[str, str], dict[date, int]] = defaultdict(dict)
    for topic, territory, received_on, count in rows.all():
        counts[(topic, territory)][received_on] = int(count)
    return counts


async def _appeals_of(session: AsyncSession, found: Detection) -> list[uuid.UUID]:
    first = found.day - timedelta(days=found.window_days - 1)
    rows = await session.execute(
        select(deadline.c.appeal_id)
        .where(
            deadline.c.topic_code == found.topic_code,
            deadline.c.territory_code == found.territory_code,
            deadline.c.received_on.between(first, found.day),
        )
        .order_by(deadline.c.received_on, deadline.c.appeal_id)
        .limit(MAX_APPEALS_PER_PROBLEM)
    )
    return [row[0] for row in rows.all()]


async def _recently_closed(session: AsyncSession, found: Detection, cooldown_days: int) -> bool:
    last_day = await session.scalar(
        select(func.max(hotspot_problem.c.last_day)).where(
            hotspot_problem.c.topic_code == found.topic_code,
            hotspot_problem.c.territory_code == found.territory_code,
            hotspot_problem.c.status == "closed",
        )
    )
    return last_day is not None and (found.day - last_day).days <= cooldown_days + 1


async def run_hotspot_pass(
    runtime: ServiceRuntime, now: datetime, params: HotspotParams = DEFAULT_PARAMS
) -> list[uuid.UUID]:
    """Detect spikes for the Kyiv day of ``now``; returns the ids of problems it opened."""
    day = kyiv_date(now)
    opened: list[uuid.UUID] = []
    async with runtime.transaction() as session:
        detections = detect(await daily_counts(session, day, params), day, params)
    for found in detections:
        async with runtime.transaction() as session:
            problem_id = await _open_problem(session, runtime, found, now, params)
        if problem_id is not None:
            opened.append(problem_id)
    return opened


async def _open_problem(
    session: AsyncSession,
    runtime: ServiceRuntime,
    found: Detection,
    now: datetime,
    params: HotspotParams,
) -> uuid.UUID | None:
    if await _recently_closed(session, found, params.cooldown_days):
        return None
    appeal_ids = await _appeals_of(session, found)
    problem_id = uuid.uuid4()
    inserted = await session.execute(
        insert_ignoring_duplicates(hotspot_problem, dialect_of(session))
        .values(
            id=problem_id,
            topic_code=found.topic_code,
            territory_code=found.territory_code,
            first_day=found.day,
            last_day=found.day,
            observed=found.observed,
            expected=found.expected,
            p_value=found.p_value,
            window_days=found.window_days,
            appeal_ids=[str(appeal_id) for appeal_id in appeal_ids],
            status="open",
            opened_at=now,
        )
        .returning(hotspot_problem.c.id)
    )
    if inserted.first() is None:
        await session.execute(
            update(hotspot_problem)
            .where(
                hotspot_problem.c.topic_code == found.topic_code,
                hotspot_problem.c.territory_code == found.territory_code,
                hotspot_problem.c.status != "closed",
                hotspot_problem.c.last_day < found.day,
            )
            .values(last_day=found.day, observed=found.observed)
        )
        return None
    payload = HotspotDetected(
        problem_id=problem_id,
        topic_code=found.topic_code,
        territory_code=found.territory_code,
        day=found.day,
        observed=found.observed,
        expected=found.expected,
        p_value=found.p_value,
        appeal_ids=appeal_ids,
    )
    await runtime.outbox.add(
        session,
        make_envelope(
            payload, producer=PRODUCER, appeal_id=None, correlation_id=f"hotspot:{problem_id}"
        ),
    )
    log.info("hot spot opened", topic=found.topic_code, territory=found.territory_code)
    return problem_id


async def move_problem(
    session: AsyncSession,
    problem_id: uuid.UUID,
    target: Literal["acknowledged", "closed"],
    actor: str,
    now: datetime,
    note: str | None = None,
) -> None:
    """Acknowledge an open problem, or close an open or acknowledged one; repeats are no-ops."""
    current = await session.scalar(
        select(hotspot_problem.c.status).where(hotspot_problem.c.id == problem_id).with_for_update()
    )
    if current is None:
        raise NotFound(f"No hot-spot problem {problem_id}.")
    if current == target:
        return
    if current == "closed":
        raise Conflict("The problem is already closed.")
    values: dict[str, object] = {"status": target}
    if target == "acknowledged":
        values.update(acknowledged_at=now, acknowledged_by=actor)
    else:
        values.update(closed_at=now, closed_by=actor)
    if note:
        values["note"] = note
    await session.execute(
        update(hotspot_problem).where(hotspot_problem.c.id == problem_id).values(**values)
    )


async def hotspot_loop(
    runtime: ServiceRuntime,
    settings: MonitoringSettings,
    stopping: asyncio.Event,
    clock: Clock = system_clock,
) -> None:
    while not stopping.is_set():
        await run_hotspot_pass(runtime, clock())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), settings.hotspot_interval_seconds)
