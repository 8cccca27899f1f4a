"""Registry's HTTP API: the appeal record, its history, lists and the audit trail."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import and_, or_, select

from registry.access import audit_read, visible_appeal
from registry.models import appeal, audit_log
from registry.schemas import AppealOut, AppealPage, AppealSummary, AuditEntry
from registry.service import get_appeal
from shared.auth import Principal, Role, require
from shared.errors import InvalidInput, NotFound
from shared.service import runtime_of

router = APIRouter(tags=["appeals"])

Reader = Annotated[
    Principal,
    require(Role.OPERATOR, Role.SUPERVISOR, Role.BODY_OFFICER, Role.SYSTEM, Role.ANALYST),
]
Staff = Annotated[
    Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM, Role.BODY_OFFICER)
]
Supervisor = Annotated[Principal, require(Role.SUPERVISOR)]


@router.get("/appeals/{appeal_id}", response_model=AppealOut, summary="One appeal with its history")
async def read_appeal(request: Request, appeal_id: uuid.UUID, principal: Reader) -> AppealOut:
    runtime = runtime_of(request)
    async with runtime.transaction() as session:
        record = await get_appeal(session, appeal_id)
        if record is None:
            raise NotFound("No such appeal.")
        shown = visible_appeal(principal, record)
        if shown.get("applicant") is not None:
            await audit_read(session, principal, "read_appeal", appeal_id=appeal_id)
    return AppealOut.model_validate(shown)


def _encode_cursor(received_at: datetime, appeal_id: uuid.UUID) -> str:
    raw = json.dumps([received_at.isoformat(), str(appeal_id)])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, appeal_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(at), uuid.UUID(appeal_id)
    except (ValueError, TypeError) as error:
        raise InvalidInput(
            "The cursor is not valid.", errors=[{"field": "cursor", "message": "invalid cursor"}]
        ) from error


@router.get("/appeals", response_model=AppealPage, summary="Appeals, newest first, by cursor")
async def list_appeals(
    request: Request,
    principal: Staff,
    status: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AppealPage:
    runtime = runtime_of(request)
    query = select(
        appeal.c.id,
        appeal.c.registration_number,
        appeal.c.status,
        appeal.c.channel,
        appeal.c.topic_code,
        appeal.c.body_code,
        appeal.c.due_date,
        appeal.c.received_at,
    )
    if status:
        query = query.where(appeal.c.status == status)
    if Role.BODY_OFFICER in principal.roles and not principal.has_any(
        frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM, Role.ADMIN})
    ):
        query = query.where(appeal.c.body_code == principal.body_code)
    if cursor:
        at, last_id = _decode_cursor(cursor)
        query = query.where(
            or_(appeal.c.received_at < at, and_(appeal.c.received_at == at, appeal.c.id < last_id))
        )
    query = query.order_by(appeal.c.received_at.desc(), appeal.c.id.desc()).limit(limit + 1)
    async with runtime.sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    items = [AppealSummary.model_validate(dict(row)) for row in rows[:limit]]
    next_cursor = _encode_cursor(items[-1].received_at, items[-1].id) if len(rows) > limit else None
    return AppealPage(items=items, next_cursor=next_cursor)


@router.get("/audit", response_model=list[AuditEntry], summary="Who read personal data")
async def read_audit(
    request: Request,
    _principal: Supervisor,
    subject: str | None = None,
    appeal_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntry]:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if subject:
        query = query.where(audit_log.c.subject == subject)
    if appeal_id:
        query = query.where(audit_log.c.appeal_id == appeal_id)
    async with runtime_of(request).sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    return [AuditEntry.model_validate(dict(row)) for row in rows]
