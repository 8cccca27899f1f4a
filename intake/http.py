"""Small pieces every intake router uses: idempotent creation, cursors, client addresses."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import idempotency_key
from shared.errors import InvalidInput
from shared.idempotency import StoredAnswer, run_once
from shared.service import runtime_of

Work = Callable[[AsyncSession], Awaitable[tuple[int, dict[str, Any]]]]


async def create_once(
    request: Request, *, scope: str, key: str | None, request_body: Any, work: Work
) -> StoredAnswer:
    """Run `work` in one committed transaction, once per Idempotency-Key within `scope`."""
    runtime = runtime_of(request)
    async with runtime.transaction() as session:

        async def bound() -> tuple[int, dict[str, Any]]:
            return await work(session)

        return await run_once(
            session,
            idempotency_key,
            scope=scope,
            key=key,
            request_body=request_body,
            work=bound,
        )


def answer_json(answer: StoredAnswer) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        at, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError("naive")
        return parsed, uuid.UUID(row_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidInput(
            "The cursor is not valid; start again without it.",
            errors=[{"field": "cursor", "message": "not a cursor this service gave"}],
        ) from error


def client_address(request: Request, *, trust_forwarded_for: bool) -> str:
    """Who is asking, for rate limits: the proxy's X-Forwarded-For only when trusted."""
    if trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.client.host if request.client else "unknown"
