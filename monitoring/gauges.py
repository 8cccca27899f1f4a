"""Operations gauges: backlog per status, open overdue appeals, open hot-spot problems.

They are refreshed by a background loop rather than on every scrape, so a busy Prometheus
never turns into a load on the database.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from prometheus_client import Gauge
from sqlalchemy import func, select

from monitoring.config import MonitoringSettings
from monitoring.models import deadline, hotspot_problem
from monitoring.reminders import Clock, system_clock
from shared.deadlines import kyiv_date
from shared.service import ServiceRuntime

BACKLOG = Gauge("monitoring_backlog", "Appeals awaiting an answer, by lifecycle status", ["status"])
OVERDUE_OPEN = Gauge("monitoring_overdue_open", "Appeals past their due date without an answer")
OPEN_PROBLEMS = Gauge(
    "monitoring_open_hotspots", "Hot-spot problems not yet closed, by status", ["status"]
)


async def refresh_gauges(runtime: ServiceRuntime, now: datetime) -> None:
    today = kyiv_date(now)
    async with runtime.sessionmaker() as session:
        backlog = (
            await session.execute(
                select(deadline.c.status, func.count())
                .where(deadline.c.closed.is_(False))
                .group_by(deadline.c.status)
            )
        ).all()
        overdue = await session.scalar(
            select(func.count()).where(deadline.c.closed.is_(False), deadline.c.due_date < today)
        )
        problems = (
            await session.execute(
                select(hotspot_problem.c.status, func.count())
                .where(hotspot_problem.c.status != "closed")
                .group_by(hotspot_problem.c.status)
            )
        ).all()
    BACKLOG.clear()
    for status, count in backlog:
        BACKLOG.labels(status).set(count)
    OVERDUE_OPEN.set(int(overdue or 0))
    OPEN_PROBLEMS.clear()
    for status in ("open", "acknowledged"):
        OPEN_PROBLEMS.labels(status).set(0)
    for status, count in problems:
        OPEN_PROBLEMS.labels(status).set(count)


async def gauge_loop(
    runtime: ServiceRuntime,
    settings: MonitoringSettings,
    stopping: asyncio.Event,
    clock: Clock = system_clock,
) -> None:
    while not stopping.is_set():
        await refresh_gauges(runtime, clock())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), settings.gauge_interval_seconds)
