"""Intake's HTTP API: channels hand appeals over here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from intake.models import idempotency_key
from intake.schemas import Accepted, AppealSubmission
from intake.service import accept_appeal
from shared.auth import Principal, Role, require
from shared.idempotency import run_once
from shared.service import runtime_of

router = APIRouter(tags=["appeals"])

Submitter = Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM)]


@router.post(
    "/appeals",
    status_code=202,
    response_model=Accepted,
    summary="Hand over an appeal for registration",
    responses={401: {}, 403: {}, 422: {}},
)
async def post_appeal(
    request: Request,
    appeal: AppealSubmission,
    principal: Submitter,
    idempotency_key_header: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    """Answers 202 only once the appeal and its event are committed: nothing accepted is lost."""
    runtime = runtime_of(request)

    async with runtime.transaction() as session:

        async def work() -> tuple[int, dict[str, object]]:
            accepted = await accept_appeal(
                session,
                runtime.outbox,
                appeal,
                submitted_by=principal,
                correlation_id=request.state.correlation_id,
            )
            return 202, accepted.model_dump(mode="json")

        answer = await run_once(
            session,
            idempotency_key,
            scope=f"{principal.subject}:POST /appeals",
            key=idempotency_key_header,
            request_body=appeal.model_dump(mode="json"),
            work=work,
        )
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)
