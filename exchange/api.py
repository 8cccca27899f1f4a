"""Exchange's HTTP API: what was pushed to the UCC and what is waiting."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from exchange.models import push_job
from shared.auth import Role, require
from shared.service import runtime_of

router = APIRouter(tags=["exchange"])


@router.get(
    "/push-jobs/summary",
    summary="Pushes to the UCC by state",
    dependencies=[require(Role.SUPERVISOR, Role.SYSTEM)],
)
async def push_summary(request: Request) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        done = await session.scalar(select(func.count()).where(push_job.c.done_at.is_not(None)))
        failed = await session.scalar(select(func.count()).where(push_job.c.failed_at.is_not(None)))
        pending = await session.scalar(
            select(func.count()).where(push_job.c.done_at.is_(None), push_job.c.failed_at.is_(None))
        )
    return {"done": done or 0, "failed": failed or 0, "pending": pending or 0}
