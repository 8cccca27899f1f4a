"""The hotline operator's and the psychological-support line's HTTP API.

Everything is saved the moment the operator submits (one committed transaction per
request, with an Idempotency-Key so a retried click never records twice): a browser that
closes mid-call loses nothing already sent.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from intake.http import answer_json, create_once, decode_cursor, encode_cursor
from intake.registry_client import RegistryClient
from intake.schemas import (
    Accepted,
    ConsultationIn,
    ConsultationOut,
    OralAppeal,
    SupportCallIn,
    SupportCallOut,
    SupportCallPage,
    TransferIn,
    TransferOut,
)
from intake.service import (
    accept_oral_appeal,
    audit,
    read_attachment,
    record_consultation,
    record_support_call,
    record_transfer,
    support_calls,
)
from shared.auth import Principal, Role, require
from shared.service import runtime_of

router = APIRouter(tags=["hotline"])

Operator = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR)]
# Support-line records are about veterans in distress: only supervisors read them back.
SupportLineReader = Annotated[Principal, require(Role.SUPERVISOR)]
AttachmentReader = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]
CALLER_NUMBER = r"^\+?[0-9 ()\-]{3,40}$"


@router.post(
    "/hotline/appeals",
    status_code=202,
    response_model=Accepted,
    summary="Register an oral appeal taken on the hotline or the support line",
    responses={401: {}, 403: {}, 422: {}},
)
async def post_oral_appeal(
    request: Request, appeal: OralAppeal, operator: Operator, key: IdempotencyKey = None
) -> JSONResponse:
    runtime = runtime_of(request)

    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        accepted = await accept_oral_appeal(
            session,
            runtime.outbox,
            appeal,
            operator=operator,
            correlation_id=request.state.correlation_id,
        )
        return 202, accepted.model_dump(mode="json")

    return answer_json(
        await create_once(
            request,
            scope=f"{operator.subject}:POST /hotline/appeals",
            key=key,
            request_body=appeal.model_dump(mode="json"),
            work=work,
        )
    )


@router.post(
    "/hotline/consultations",
    status_code=201,
    response_model=ConsultationOut,
    summary="Record a question answered on the spot (counted, not an appeal)",
    responses={401: {}, 403: {}, 422: {}},
)
async def post_consultation(
    request: Request, entry: ConsultationIn, operator: Operator, key: IdempotencyKey = None
) -> JSONResponse:
    runtime = runtime_of(request)

    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        recorded = await record_consultation(
            session,
            runtime.outbox,
            entry,
            operator=operator,
            correlation_id=request.state.correlation_id,
        )
        return 201, recorded.model_dump(mode="json")

    return answer_json(
        await create_once(
            request,
            scope=f"{operator.subject}:POST /hotline/consultations",
            key=key,
            request_body=entry.model_dump(mode="json"),
            work=work,
        )
    )


@router.get(
    "/hotline/callers/history",
    summary="The caller's earlier appeals, from the registry",
    responses={401: {}, 403: {}, 422: {}, 503: {}},
)
async def caller_history(
    request: Request,
    operator: Operator,
    phone: Annotated[str, Query(pattern=CALLER_NUMBER)],
) -> dict[str, Any]:
    runtime = runtime_of(request)
    client: RegistryClient = runtime.context["registry_client"]
    async with runtime.transaction() as session:
        await audit(session, actor=operator.subject, action="caller_history", target=phone)
    return await client.caller_history(phone, on_behalf_of=operator.subject)


@router.post(
    "/support-line/calls",
    status_code=201,
    response_model=SupportCallOut,
    summary="Record a call to the psychological-support line",
    responses={401: {}, 403: {}, 422: {}},
)
async def post_support_call(
    request: Request, call: SupportCallIn, operator: Operator, key: IdempotencyKey = None
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        recorded = await record_support_call(session, call, operator=operator)
        return 201, recorded.model_dump(mode="json")

    return answer_json(
        await create_once(
            request,
            scope=f"{operator.subject}:POST /support-line/calls",
            key=key,
            request_body=call.model_dump(mode="json"),
            work=work,
        )
    )


@router.post(
    "/support-line/calls/{support_call_id}/transfers",
    status_code=201,
    response_model=TransferOut,
    summary="Record the transfer of a support-line call to a psychologist",
    responses={401: {}, 403: {}, 404: {}, 422: {}},
)
async def post_transfer(
    request: Request,
    support_call_id: uuid.UUID,
    transfer: TransferIn,
    operator: Operator,
    key: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        recorded = await record_transfer(session, support_call_id, transfer, operator=operator)
        return 201, recorded.model_dump(mode="json")

    return answer_json(
        await create_once(
            request,
            scope=f"{operator.subject}:POST /support-line/calls/{support_call_id}/transfers",
            key=key,
            request_body=transfer.model_dump(mode="json"),
            work=work,
        )
    )


@router.get(
    "/support-line/calls",
    response_model=SupportCallPage,
    summary="Support-line calls with their transfers, newest first (supervisors only)",
    responses={401: {}, 403: {}, 422: {}},
)
async def list_support_calls(
    request: Request,
    reader: SupportLineReader,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> SupportCallPage:
    after = decode_cursor(cursor)
    async with runtime_of(request).transaction() as session:
        items = await support_calls(session, after=after, limit=limit)
        await audit(
            session,
            actor=reader.subject,
            action="support_calls_read",
            target=",".join(str(item.support_call_id) for item in items)[:200],
        )
    next_cursor = (
        encode_cursor(items[-1].recorded_at, items[-1].support_call_id)
        if len(items) == limit
        else None
    )
    return SupportCallPage(items=items, next_cursor=next_cursor)


@router.get(
    "/attachments/{attachment_id}",
    summary="A file attached to a web appeal",
    responses={200: {"content": {"application/octet-stream": {}}}, 401: {}, 403: {}, 404: {}},
)
async def get_attachment(
    request: Request, attachment_id: uuid.UUID, reader: AttachmentReader
) -> Response:
    async with runtime_of(request).transaction() as session:
        row = await read_attachment(session, attachment_id)
        await audit(
            session, actor=reader.subject, action="attachment_read", target=str(attachment_id)
        )
    return Response(
        content=row["content"],
        media_type=row["content_type"],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
            "X-Content-Type-Options": "nosniff",
        },
    )
