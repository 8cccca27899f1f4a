"""Registry's HTTP API: the appeal record, decisions, lists, search, history, audit."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from openpyxl import Workbook
from sqlalchemy import select

from registry.access import audit_read, list_scope, name_visibility, visible_appeal
from registry.config import RegistrySettings
from registry.decisions import Decision, record_decision
from registry.models import appeal, audit_log, idempotency
from registry.schemas import (
    AppealOut,
    AppealPage,
    AppealSummary,
    ApplicantHistory,
    AuditEntry,
    DecisionIn,
    DecisionOut,
    HistoryItem,
)
from registry.search import (
    Filters,
    HistoryQuery,
    Sort,
    applicant_history,
    encode_cursor,
    page_query,
    summary,
    today_kyiv,
)
from registry.service import get_appeal
from shared.auth import Principal, Role, require
from shared.db import dialect_of
from shared.errors import InvalidInput, NotFound
from shared.events import AppealStatus, Channel, Outcome
from shared.idempotency import run_once
from shared.service import runtime_of

router = APIRouter(tags=["appeals"])

Reader = Annotated[
    Principal,
    require(Role.OPERATOR, Role.SUPERVISOR, Role.BODY_OFFICER, Role.SYSTEM, Role.ANALYST),
]
Lister = Reader
DecisionMaker = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR)]
HistoryReader = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM)]
Supervisor = Annotated[Principal, require(Role.SUPERVISOR)]

EXPORT_BATCH = 2000
EXPORT_COLUMNS = (
    "registration_number",
    "received_at",
    "channel",
    "kind",
    "topic_code",
    "status",
    "outcome",
    "sign",
    "priority",
    "body_code",
    "raion",
    "hromada",
    "due_date",
    "overdue",
    "applicant_name",
)


def list_filters(
    principal: Lister,
    q: Annotated[str | None, Query(max_length=200, description="Words of the text")] = None,
    status: Annotated[list[AppealStatus] | None, Query()] = None,
    outcome: Annotated[list[Outcome] | None, Query()] = None,
    topic: Annotated[list[str] | None, Query(description="Classifier topic codes")] = None,
    channel: Annotated[list[Channel] | None, Query()] = None,
    body: Annotated[str | None, Query(max_length=80)] = None,
    raion: Annotated[str | None, Query(max_length=80)] = None,
    hromada: Annotated[str | None, Query(max_length=80)] = None,
    sign: Annotated[
        Literal["primary", "repeated", "duplicate", "multiple", "mass"] | None, Query()
    ] = None,
    priority: bool | None = None,
    overdue: bool | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
) -> Filters:
    """Query parameters of lists and exports; a body officer is confined to its body."""
    for code in topic or []:
        if not (len(code) == 3 and code.isdigit()):
            raise InvalidInput(
                "A topic code has three digits.",
                errors=[{"field": "topic", "message": f"not a topic code: {code}"}],
            )
    if received_from and received_to and received_from > received_to:
        raise InvalidInput(
            "The date range is reversed.",
            errors=[{"field": "received_from", "message": "after received_to"}],
        )
    return Filters(
        q=q,
        statuses=tuple(status or ()),
        outcomes=tuple(outcome or ()),
        topics=tuple(topic or ()),
        channels=tuple(channel or ()),
        body_code=body,
        raion=raion,
        hromada=hromada,
        sign=sign,
        priority=priority,
        overdue=overdue,
        received_from=received_from,
        received_to=received_to,
        body_scope=list_scope(principal),
    )


ListFilters = Annotated[Filters, Depends(list_filters)]


@router.get("/appeals", response_model=AppealPage, summary="Appeals by filters, by cursor")
async def list_appeals(
    request: Request,
    principal: Lister,
    filters: ListFilters,
    sort: Sort = "received_desc",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AppealPage:
    """Full-text search (`q`) and filters combine; `sort=due_*` lists routed appeals only.

    Analysts get no names; a body officer gets its body's appeals only, without names of
    confidential applicants. Lists that show names are written to the audit log.
    """
    runtime = runtime_of(request)
    names = name_visibility(principal)
    async with runtime.transaction() as session:
        query = page_query(filters, dialect_of(session), sort=sort, cursor=cursor, limit=limit + 1)
        rows = (await session.execute(query)).all()
        if names != "none" and rows:
            await audit_read(session, principal, "list_appeals", detail=filters.describe())
    today = today_kyiv()
    items = [
        AppealSummary.model_validate(summary(row, today=today, names=names)) for row in rows[:limit]
    ]
    next_cursor = encode_cursor(sort, rows[limit - 1]) if len(rows) > limit else None
    return AppealPage(items=items, next_cursor=next_cursor)


@router.get(
    "/appeals/export",
    summary="A filtered list as CSV or XLSX, streamed",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
async def export_appeals(
    request: Request,
    principal: Lister,
    filters: ListFilters,
    file_format: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
    sort: Sort = "received_desc",
) -> StreamingResponse:
    """The same filters as the list; at most `export_max_rows` rows, newest first."""
    runtime = runtime_of(request)
    settings: RegistrySettings = request.app.state.settings
    names = name_visibility(principal)
    async with runtime.transaction() as session:
        await audit_read(session, principal, f"export_{file_format}", detail=filters.describe())
        dialect = dialect_of(session)

    async def records() -> AsyncIterator[dict[str, Any]]:
        cursor: str | None = None
        sent = 0
        today = today_kyiv()
        while sent < settings.export_max_rows:
            batch = min(EXPORT_BATCH, settings.export_max_rows - sent)
            query = page_query(filters, dialect, sort=sort, cursor=cursor, limit=batch)
            async with runtime.sessionmaker() as session:
                rows = (await session.execute(query)).all()
            for row in rows:
                yield summary(row, today=today, names=names)
            sent += len(rows)
            if len(rows) < batch:
                return
            cursor = encode_cursor(sort, rows[-1])

    columns = EXPORT_COLUMNS if names != "none" else EXPORT_COLUMNS[:-1]
    if file_format == "csv":
        return StreamingResponse(
            _csv_stream(records(), columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="appeals.csv"'},
        )
    rows = [record async for record in records()]
    content = await asyncio.to_thread(_xlsx_bytes, rows, columns)
    return StreamingResponse(
        _chunks(content),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="appeals.xlsx"'},
    )


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "так" if value else "ні"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else value


async def _csv_stream(
    records: AsyncIterator[dict[str, Any]], columns: tuple[str, ...]
) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()  # the BOM makes spreadsheet programs read UTF-8
    async for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(record[column]) for column in columns])
        yield buffer.getvalue()


def _xlsx_bytes(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("appeals")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(row[column]) for column in columns])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _chunks(content: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(content), size):
        yield content[start : start + size]


@router.get("/appeals/{appeal_id}", response_model=AppealOut, summary="One appeal, in full")
async def read_appeal(request: Request, appeal_id: uuid.UUID, principal: Reader) -> AppealOut:
    """The card with history and links. Reads that show the applicant are audited."""
    runtime = runtime_of(request)
    async with runtime.transaction() as session:
        record = await get_appeal(session, appeal_id)
        if record is None:
            raise NotFound("No such appeal.")
        shown = visible_appeal(principal, record)
        if shown.get("applicant") is not None:
            await audit_read(session, principal, "read_appeal", appeal_id=appeal_id)
    return AppealOut.model_validate(shown)


@router.post(
    "/appeals/{appeal_id}/decisions",
    response_model=DecisionOut,
    status_code=201,
    summary="Record a decision with its reason",
    responses={409: {"description": "The lifecycle does not allow it; nothing changed"}},
)
async def decide(
    request: Request,
    appeal_id: uuid.UUID,
    decision: DecisionIn,
    principal: DecisionMaker,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    """not_considered (with its Art. 8 ground), returned_to_applicant, forwarded,
    return_for_rework and close (with the outcome). Operators may return and forward;
    the other decisions are a supervisor's."""
    runtime = runtime_of(request)
    correlation_id: str = getattr(request.state, "correlation_id", str(uuid.uuid4()))

    async with runtime.transaction() as session:

        async def work() -> tuple[int, dict[str, Any]]:
            decision_id = await record_decision(
                session,
                runtime.outbox,
                principal,
                appeal_id,
                Decision(
                    kind=decision.decision,
                    reason=decision.reason,
                    reason_code=decision.reason_code,
                    outcome=decision.outcome,
                ),
                correlation_id=correlation_id,
            )
            status = (
                await session.execute(select(appeal.c.status).where(appeal.c.id == appeal_id))
            ).scalar_one()
            answer = DecisionOut(decision_id=decision_id, appeal_id=appeal_id, status=status)
            return 201, answer.model_dump(mode="json")

        stored = await run_once(
            session,
            idempotency,
            scope=f"decision:{appeal_id}",
            key=idempotency_key,
            request_body=decision.model_dump(mode="json"),
            work=work,
        )
    return JSONResponse(stored.body, status_code=stored.status)


@router.get(
    "/applicants/history",
    response_model=ApplicantHistory,
    summary="Earlier appeals of an applicant",
    tags=["applicants"],
)
async def history(
    request: Request,
    principal: HistoryReader,
    phone: Annotated[str | None, Query(max_length=40)] = None,
    email: Annotated[str | None, Query(max_length=254)] = None,
    name: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    on_behalf_of: Annotated[
        str | None,
        Header(alias="X-On-Behalf-Of", max_length=200, description="The person a system asks for"),
    ] = None,
) -> ApplicantHistory:
    """By phone (any format), e-mail or name (≥ 2 words); any one matching is enough.

    Meant for the moment a call is answered: status, body and due date of each earlier
    appeal in one call. Every such look-up is audited (for a system: with the person it
    asks for, from `X-On-Behalf-Of`).
    """
    runtime = runtime_of(request)
    query = HistoryQuery(phone=phone, email=email, name=name)
    async with runtime.transaction() as session:
        items, truncated = await applicant_history(session, query, limit=limit)
        given = ",".join(k for k, v in (("phone", phone), ("email", email), ("name", name)) if v)
        for_whom = f" for {on_behalf_of}" if on_behalf_of else ""
        await audit_read(
            session,
            principal,
            "applicant_history",
            detail=f"by {given}{for_whom}: {len(items)} found",
        )
    return ApplicantHistory(
        items=[HistoryItem.model_validate(item) for item in items], truncated=truncated
    )


@router.get("/audit", response_model=list[AuditEntry], summary="Who read personal data")
async def read_audit(
    request: Request,
    _principal: Supervisor,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    appeal_id: uuid.UUID | None = None,
    before: Annotated[int | None, Query(ge=1, description="Entries older than this id")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntry]:
    """Newest first; page with `before` = the smallest `id` seen."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if before:
        query = query.where(audit_log.c.id < before)
    if subject:
        query = query.where(audit_log.c.subject == subject)
    if appeal_id:
        query = query.where(audit_log.c.appeal_id == appeal_id)
    async with runtime_of(request).sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    return [AuditEntry.model_validate(dict(row)) for row in rows]
