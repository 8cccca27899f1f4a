"""The bodies' side of the router: their systems pull appeals, their officers act on them.

A body acts either as a person (bearer token with the `body_officer` role and the body's
code) or as its system (the `X-Body-Key` issued by an administrator). Both are scoped to that
one body: another body's appeals do not exist for them.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from router import delivery, service
from router.api import IdempotencyKey, context_of, once
from router.audit import record
from router.bodies import body_of_pull_key
from router.pagination import MAX_PAGE
from router.schemas import AnswerIn, ExtensionIn, RedirectIn
from shared.auth import Principal, Role, principal_from_api_key, principal_from_token
from shared.errors import Forbidden, Unauthorized
from shared.service import runtime_of

router = APIRouter(tags=["bodies"])

_body_key = APIKeyHeader(
    name="X-Body-Key", auto_error=False, description="Key of a body's system (pull)"
)
_bearer = HTTPBearer(auto_error=False, description="JWT of a body officer")
_api_key = APIKeyHeader(name="X-Api-Key", auto_error=False, description="Key bound to a body")


async def body_principal(
    request: Request,
    body_key: Annotated[str | None, Depends(_body_key)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """Who acts for which body; anyone without a body code is refused here."""
    if body_key:
        async with runtime_of(request).sessionmaker() as session:
            code = await body_of_pull_key(session, body_key)
        if code is None:
            raise Unauthorized("The body key is not known.", headers={"WWW-Authenticate": "ApiKey"})
        return Principal(
            subject=f"body-system:{code}",
            roles=frozenset({Role.BODY_OFFICER}),
            kind="system",
            body_code=code,
        )
    settings = request.app.state.settings
    if bearer is not None:
        principal = principal_from_token(settings, bearer.credentials)
    elif api_key:
        principal = principal_from_api_key(settings, api_key)
    else:
        raise Unauthorized(
            "Send a bearer token, an X-Body-Key or an X-Api-Key header.",
            headers={"WWW-Authenticate": 'Bearer realm="contact-center"'},
        )
    if not principal.has_any(frozenset({Role.BODY_OFFICER, Role.ADMIN})):
        raise Forbidden("This needs the role body_officer.")
    if principal.body_code is None:
        raise Forbidden("Only an officer of a body (with its body code) can act for it.")
    return principal


BodyActor = Annotated[Principal, Depends(body_principal)]


@router.get("/bodies/me/appeals", summary="New appeals for the calling body (pull), oldest first")
async def pull_appeals(
    request: Request,
    principal: BodyActor,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> dict[str, Any]:
    assert principal.body_code is not None
    async with runtime_of(request).transaction() as session:
        items, next_cursor = await delivery.pending_for_body(
            session, principal.body_code, cursor, limit
        )
        if items:
            await record(
                session,
                actor=principal.subject,
                action="deliveries.pulled",
                subject_type="body",
                subject_id=principal.body_code,
                details={"delivery_ids": [item["delivery_id"] for item in items]},
            )
    return {"items": items, "next_cursor": next_cursor}


@router.post(
    "/bodies/me/appeals/{delivery_id}/ack", summary="The body's system has stored the appeal"
)
async def acknowledge_delivery(
    request: Request, delivery_id: uuid.UUID, principal: BodyActor
) -> dict[str, Any]:
    assert principal.body_code is not None
    async with runtime_of(request).transaction() as session:
        return await delivery.acknowledge_pulled(
            session, context_of(request).outbox, principal.body_code, delivery_id
        )


@router.post("/appeals/{appeal_id}/acknowledge", summary="The body takes the appeal into work")
async def acknowledge(
    request: Request, appeal_id: uuid.UUID, principal: BodyActor
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await service.acknowledge(
            session,
            context_of(request),
            appeal_id,
            body_code=principal.body_code,
            actor=principal.subject,
        )


@router.post("/appeals/{appeal_id}/answer", summary="The body's answer (lead: to the applicant)")
async def answer(
    request: Request,
    appeal_id: uuid.UUID,
    given: AnswerIn,
    principal: BodyActor,
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        return 200, await service.answer(
            session,
            context_of(request),
            appeal_id,
            given,
            body_code=principal.body_code,
            actor=principal.subject,
        )

    return await once(
        request, principal, idempotency_key_header, given.model_dump(mode="json"), work
    )


@router.post(
    "/appeals/{appeal_id}/extension",
    summary="Extend the term (Art. 20): reason, applicant told, at most 45 days",
)
async def extend(
    request: Request, appeal_id: uuid.UUID, given: ExtensionIn, principal: BodyActor
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await service.extend(
            session,
            context_of(request),
            appeal_id,
            given,
            body_code=principal.body_code,
            actor=principal.subject,
        )


@router.post(
    "/appeals/{appeal_id}/redirect", summary="Not in our competence (Art. 7): route it elsewhere"
)
async def redirect(
    request: Request, appeal_id: uuid.UUID, given: RedirectIn, principal: BodyActor
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        result = await service.redirect(
            session,
            context_of(request),
            appeal_id,
            given.reason,
            body_code=principal.body_code,
            actor=principal.subject,
        )
    return result
