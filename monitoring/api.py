"""Monitoring's HTTP API: the deadline book."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from monitoring.models import deadline
from shared.auth import Principal, Role, require
from shared.deadlines import days_left, is_overdue
from shared.service import runtime_of

router = APIRouter(tags=["deadlines"])

Viewer = Annotated[
    Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM, Role.BODY_OFFICER)
]


class DeadlineOut(BaseModel):
    appeal_id: uuid.UUID
    registration_number: str | None
    body_code: str | None
    status: str
    received_on: date
    due_date: date
    overdue: bool
    days_left: int


@router.get("/deadlines", response_model=list[DeadlineOut], summary="Open deadlines, soonest first")
async def open_deadlines(
    request: Request,
    principal: Viewer,
    body_code: str | None = None,
    overdue_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[DeadlineOut]:
    query = select(deadline).where(deadline.c.closed.is_(False))
    if Role.BODY_OFFICER in principal.roles and not principal.has_any(
        frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM, Role.ADMIN})
    ):
        body_code = principal.body_code
    if body_code:
        query = query.where(deadline.c.body_code == body_code)
    now = datetime.now(UTC)
    if overdue_only:
        query = query.where(deadline.c.due_date < now.date())
    query = query.order_by(deadline.c.due_date, deadline.c.appeal_id).limit(limit)
    async with runtime_of(request).sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    return [
        DeadlineOut(
            **{key: row[key] for key in DeadlineOut.model_fields if key in row},
            overdue=is_overdue(row["due_date"], now, closed=False),
            days_left=days_left(row["due_date"], now),
        )
        for row in rows
    ]
