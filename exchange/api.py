"""Exchange's HTTP API: the push journal, pulling, file exchange and reconciliation."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Header, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import ColumnElement

from exchange.config import ExchangeSettings
from exchange.files import audit, cards_for_export, file_row_from_card, import_rows
from exchange.models import feed_item, idempotency, push_job, reconciliation, ucc_link
from exchange.pull import AssignmentPuller, cursor_state, repull
from exchange.reconcile import reconcile
from exchange.schemas import (
    FeedItemOut,
    FeedItemPage,
    ImportReport,
    JobState,
    PullReportOut,
    PushJobOut,
    PushJobPage,
    PushSummary,
    ReconciliationBrief,
    ReconciliationOut,
    ReconciliationPage,
    ReconciliationRequest,
    RepullResult,
    ResendResult,
    Revived,
    SyncStatus,
)
from exchange.sync import count_jobs, job_state_condition, resend_appeal, revive_failed
from exchange.ucc_client import UccClient, UccError
from exchange.ucc_file import UccFileError, read_ucc_file, write_ucc_file
from shared.auth import Principal, Role, require
from shared.consumers import NotReadyYet
from shared.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge, Problem
from shared.idempotency import run_once
from shared.service import runtime_of

router = APIRouter(tags=["exchange"])
KYIV = ZoneInfo("Europe/Kyiv")
MAX_PERIOD = timedelta(days=366)

Operations = Annotated[Principal, require(Role.SUPERVISOR, Role.SYSTEM)]
FileStaff = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR)]
Limit = Annotated[int, Query(ge=1, le=500)]
CursorParam = Annotated[str | None, Query(max_length=200)]
UccNumber = Annotated[
    str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-zА-Яа-яІіЇїЄєҐґ0-9._/-]+$")
]


class UccUnavailableProblem(Problem):
    status = 503
    title = "The UCC is unavailable"
    type_slug = "ucc-unavailable"


def _settings(request: Request) -> ExchangeSettings:
    settings: ExchangeSettings = request.app.state.settings
    return settings


def _client(request: Request) -> UccClient:
    client: UccClient = runtime_of(request).context["ucc_client"]
    return client


def _puller(request: Request) -> AssignmentPuller:
    puller: AssignmentPuller = runtime_of(request).context["puller"]
    return puller


def _encode_cursor(moment: datetime, key: str) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{key}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        moment, key = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        return datetime.fromisoformat(moment), key
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidInput(
            "The cursor was not issued here.",
            errors=[{"field": "cursor", "message": "unknown cursor"}],
        ) from error


def _aware(moment: datetime) -> datetime:
    """A time without an offset is Kyiv wall-clock time, as staff mean it."""
    return moment.replace(tzinfo=KYIV) if moment.tzinfo is None else moment


def _period(period_from: datetime, period_to: datetime) -> tuple[datetime, datetime]:
    start, end = _aware(period_from), _aware(period_to)
    if end <= start:
        raise InvalidInput(
            "The period must end after it starts.",
            errors=[{"field": "to", "message": "must be later than 'from'"}],
        )
    if end - start > MAX_PERIOD:
        raise InvalidInput(
            "The period may span one year at most.",
            errors=[{"field": "to", "message": "at most 366 days after 'from'"}],
        )
    return start, end


@router.get("/push-jobs/summary", response_model=PushSummary, summary="Pushes to the UCC by state")
async def push_summary(request: Request, _: Operations) -> PushSummary:
    async with runtime_of(request).sessionmaker() as session:
        return PushSummary(**await count_jobs(session))


def _job_out(row: Any) -> PushJobOut:
    state: JobState = "done" if row.done_at else "failed" if row.failed_at else "pending"
    return PushJobOut(
        id=row.id,
        appeal_id=row.appeal_id,
        kind=row.kind,
        state=state,
        status=row.payload.get("status"),
        attempts=row.attempts,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        done_at=row.done_at,
        failed_at=row.failed_at,
        last_error=row.last_error,
    )


@router.get("/push-jobs", response_model=PushJobPage, summary="The push journal, oldest first")
async def list_push_jobs(
    request: Request,
    _: Operations,
    state: JobState | None = None,
    appeal_id: uuid.UUID | None = None,
    cursor: CursorParam = None,
    limit: Limit = 100,
) -> PushJobPage:
    conditions: list[ColumnElement[bool]] = []
    if state is not None:
        conditions.append(job_state_condition(state))
    if appeal_id is not None:
        conditions.append(push_job.c.appeal_id == appeal_id)
    if cursor is not None:
        moment, key = _decode_cursor(cursor)
        conditions.append(
            or_(
                push_job.c.created_at > moment,
                and_(push_job.c.created_at == moment, push_job.c.id > uuid.UUID(key)),
            )
        )
    async with runtime_of(request).sessionmaker() as session:
        rows = (
            await session.execute(
                select(push_job)
                .where(*conditions)
                .order_by(push_job.c.created_at, push_job.c.id)
                .limit(limit + 1)
            )
        ).all()
    page = rows[:limit]
    more = len(rows) > limit
    return PushJobPage(
        items=[_job_out(row) for row in page],
        next_cursor=_encode_cursor(page[-1].created_at, str(page[-1].id)) if more else None,
    )


@router.post(
    "/push-jobs/{job_id}/retry", response_model=Revived, summary="Retry one failed push now"
)
async def retry_push_job(request: Request, job_id: uuid.UUID, _: Operations) -> Revived:
    async with runtime_of(request).transaction() as session:
        exists = await session.scalar(select(push_job.c.id).where(push_job.c.id == job_id))
        if exists is None:
            raise NotFound(f"No push job {job_id}.")
        revived = await revive_failed(session, job_id=job_id)
        if revived == 0:
            raise Conflict("Only a failed push can be retried; this one is pending or done.")
    return Revived(revived=revived)


@router.post(
    "/push-jobs/retry-failed", response_model=Revived, summary="Retry every failed push now"
)
async def retry_failed_jobs(request: Request, _: Operations) -> Revived:
    async with runtime_of(request).transaction() as session:
        return Revived(revived=await revive_failed(session))


@router.post(
    "/appeals/{appeal_id}/resend",
    response_model=ResendResult,
    status_code=202,
    summary="Send one appeal to the UCC again: its card, its current status, failed pushes",
)
async def resend(request: Request, appeal_id: uuid.UUID, _: Operations) -> ResendResult:
    try:
        async with runtime_of(request).transaction() as session:
            result = await resend_appeal(session, appeal_id)
    except NotReadyYet as error:
        raise NotFound(f"The exchange holds no appeal {appeal_id}.") from error
    return ResendResult.model_validate(result)


@router.post(
    "/ucc-appeals/{ucc_number}/repull",
    response_model=RepullResult,
    summary="Read again what the UCC says about one of its appeals and apply what is missing",
)
async def repull_one(request: Request, ucc_number: UccNumber, _: Operations) -> RepullResult:
    try:
        return RepullResult.model_validate(await repull(_puller(request), ucc_number))
    except UccError as error:
        raise UccUnavailableProblem(str(error)) from error


@router.post("/pull", response_model=PullReportOut, summary="Pull the assignment feed now")
async def pull_now(request: Request, _: Operations) -> PullReportOut:
    try:
        report = await _puller(request).pull_round()
    except UccError as error:
        raise UccUnavailableProblem(str(error)) from error
    return PullReportOut(
        pages=report.pages,
        items=report.items,
        created=report.created,
        acknowledged=report.acknowledged,
        busy=report.busy,
    )


@router.get("/sync/status", response_model=SyncStatus, summary="Where the sync stands")
async def sync_status(request: Request, _: Operations) -> SyncStatus:
    async with runtime_of(request).sessionmaker() as session:
        cursor = await cursor_state(session)
        jobs = await count_jobs(session)
        feed: dict[str, dict[str, int]] = {}
        grouped = await session.execute(
            select(feed_item.c.kind, feed_item.c.outcome, func.count()).group_by(
                feed_item.c.kind, feed_item.c.outcome
            )
        )
        for kind, outcome, count in grouped:
            feed.setdefault(kind, {})[outcome] = count
        unacknowledged = await session.scalar(
            select(func.count()).where(ucc_link.c.origin == "feed", ucc_link.c.acked_at.is_(None))
        )
    return SyncStatus(
        **cursor,
        push_jobs=PushSummary(**jobs),
        feed_items=feed,
        unacknowledged=int(unacknowledged or 0),
        circuit=_client(request).breaker.state.value,
    )


async def _feed_page(
    request: Request,
    conditions: list[ColumnElement[bool]],
    cursor: str | None,
    limit: int,
) -> FeedItemPage:
    if cursor is not None:
        moment, key = _decode_cursor(cursor)
        conditions.append(
            or_(
                feed_item.c.applied_at > moment,
                and_(feed_item.c.applied_at == moment, feed_item.c.item_id > key),
            )
        )
    async with runtime_of(request).sessionmaker() as session:
        rows = (
            await session.execute(
                select(feed_item)
                .where(*conditions)
                .order_by(feed_item.c.applied_at, feed_item.c.item_id)
                .limit(limit + 1)
            )
        ).all()
    page = rows[:limit]
    return FeedItemPage(
        items=[FeedItemOut.model_validate(row, from_attributes=True) for row in page],
        next_cursor=(
            _encode_cursor(page[-1].applied_at, page[-1].item_id) if len(rows) > limit else None
        ),
    )


@router.get(
    "/info-requests",
    response_model=FeedItemPage,
    summary="Requests for information the UCC sent about appeals",
)
async def list_info_requests(
    request: Request, _: Operations, cursor: CursorParam = None, limit: Limit = 100
) -> FeedItemPage:
    return await _feed_page(request, [feed_item.c.kind == "info_request"], cursor, limit)


@router.get(
    "/feed-items", response_model=FeedItemPage, summary="Every item taken from the UCC's feed"
)
async def list_feed_items(
    request: Request,
    _: Operations,
    kind: Literal["appeal", "info_request", "callback_result", "rework"] | None = None,
    outcome: Annotated[str | None, Query(max_length=20)] = None,
    cursor: CursorParam = None,
    limit: Limit = 100,
) -> FeedItemPage:
    conditions: list[ColumnElement[bool]] = []
    if kind is not None:
        conditions.append(feed_item.c.kind == kind)
    if outcome is not None:
        conditions.append(feed_item.c.outcome == outcome)
    return await _feed_page(request, conditions, cursor, limit)


@router.post(
    "/files/import",
    response_model=ImportReport,
    summary="Import a UCC export file (CSV or XLSX): create or update appeals, row by row",
)
async def import_file(
    request: Request,
    principal: FileStaff,
    file: Annotated[UploadFile, File(description="UCC export, .csv or .xlsx")],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    settings = _settings(request)
    declared = request.headers.get("content-length")
    if (
        declared is not None
        and declared.isdigit()
        and int(declared) > settings.import_max_bytes + 65_536
    ):
        raise PayloadTooLarge(f"The file may be {settings.import_max_bytes} bytes at most.")
    data = await file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise PayloadTooLarge(f"The file may be {settings.import_max_bytes} bytes at most.")
    filename = file.filename or "file"
    try:
        rows = read_ucc_file(data, filename)
    except UccFileError as error:
        raise InvalidInput(str(error), errors=[{"field": "file", "message": str(error)}]) from error
    if len(rows) > settings.import_max_rows:
        raise PayloadTooLarge(f"The file may hold {settings.import_max_rows} rows at most.")
    runtime = runtime_of(request)

    async with runtime.transaction() as session:

        async def work() -> tuple[int, dict[str, Any]]:
            report = await import_rows(session, runtime.outbox, rows, filename)
            return 200, ImportReport.model_validate(report).model_dump(mode="json")

        answer = await run_once(
            session,
            idempotency,
            scope=f"files.import:{principal.subject}",
            key=idempotency_key,
            request_body={"file": hashlib.sha256(data).hexdigest(), "name": filename},
            work=work,
        )
    return JSONResponse(answer.body, status_code=answer.status)


@router.get(
    "/files/export",
    summary="Our appeals received in a period, in the UCC export layout (CSV or XLSX)",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
async def export_file(
    request: Request,
    principal: FileStaff,
    period_from: Annotated[datetime, Query(alias="from")],
    period_to: Annotated[datetime, Query(alias="to")],
    fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
) -> Response:
    start, end = _period(period_from, period_to)
    limit = _settings(request).export_max_rows
    async with runtime_of(request).transaction() as session:
        cards = await cards_for_export(session, start, end, limit)
        if len(cards) > limit:
            raise InvalidInput(
                f"More than {limit} appeals in the period; choose a shorter one.",
                errors=[{"field": "to", "message": "period too long for one file"}],
            )
        await audit(
            session,
            principal.subject,
            "export_file",
            {"from": start.isoformat(), "to": end.isoformat(), "rows": len(cards), "format": fmt},
        )
    content = write_ucc_file((file_row_from_card(card) for card in cards), fmt)
    media_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"appeals_{start.date().isoformat()}_{end.date().isoformat()}.{fmt}"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/reconciliations",
    response_model=ReconciliationOut,
    status_code=201,
    summary="Compare both sides for a period and store every mismatch",
)
async def run_reconciliation(
    request: Request, body: ReconciliationRequest, principal: Operations
) -> ReconciliationOut:
    start, end = _period(body.period_from, body.period_to)
    record = await reconcile(
        runtime_of(request).sessionmaker, _client(request), start, end, principal.subject
    )
    return ReconciliationOut.model_validate(record)


@router.get(
    "/reconciliations", response_model=ReconciliationPage, summary="Stored results, newest first"
)
async def list_reconciliations(
    request: Request, _: Operations, cursor: CursorParam = None, limit: Limit = 50
) -> ReconciliationPage:
    conditions: list[ColumnElement[bool]] = []
    if cursor is not None:
        moment, key = _decode_cursor(cursor)
        conditions.append(
            or_(
                reconciliation.c.started_at < moment,
                and_(reconciliation.c.started_at == moment, reconciliation.c.id < uuid.UUID(key)),
            )
        )
    async with runtime_of(request).sessionmaker() as session:
        rows = (
            await session.execute(
                select(reconciliation)
                .where(*conditions)
                .order_by(reconciliation.c.started_at.desc(), reconciliation.c.id.desc())
                .limit(limit + 1)
            )
        ).all()
    page = rows[:limit]
    return ReconciliationPage(
        items=[ReconciliationBrief.model_validate(row, from_attributes=True) for row in page],
        next_cursor=(
            _encode_cursor(page[-1].started_at, str(page[-1].id)) if len(rows) > limit else None
        ),
    )


@router.get(
    "/reconciliations/{reconciliation_id}",
    response_model=ReconciliationOut,
    summary="One stored reconciliation with its mismatches",
)
async def read_reconciliation(
    request: Request, reconciliation_id: uuid.UUID, _: Operations
) -> ReconciliationOut:
    async with runtime_of(request).sessionmaker() as session:
        row = (
            await session.execute(
                select(reconciliation).where(reconciliation.c.id == reconciliation_id)
            )
        ).first()
    if row is None:
        raise NotFound(f"No reconciliation {reconciliation_id}.")
    return ReconciliationOut.model_validate(row, from_attributes=True)
