"""Router's HTTP API for the center's staff: directory, rules, triage, checks, knowledge base."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from router import bodies, delivery, knowledge, notify, rules, service
from router.audit import record
from router.models import (
    appeal_case,
    assignment,
    audit_log,
    delivery_job,
    idempotency_key,
    triage_item,
)
from router.pagination import MAX_PAGE, decode_cursor, encode_cursor
from router.schemas import (
    ArticleIn,
    BodyIn,
    BodyPatch,
    CloseIn,
    DryRunIn,
    DryRunOut,
    PullKey,
    ReasonIn,
    Reorder,
    ResolveIn,
    RuleIn,
    SuggestIn,
    SuggestOut,
    TopicSuggestionOut,
    TriageDecision,
)
from router.service import RouterContext
from router.topic_suggestion import needs_triage
from shared.auth import Principal, Role, require
from shared.errors import Conflict, Forbidden, NotFound
from shared.idempotency import run_once
from shared.reference import load_classifier
from shared.service import runtime_of

router = APIRouter(tags=["routing"])

STAFF = require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM, Role.BODY_OFFICER, Role.ANALYST)
CENTER = require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM)
SUPERVISOR = require(Role.SUPERVISOR)
ADMIN = require(Role.ADMIN)
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Work = Callable[[AsyncSession], Awaitable[tuple[int, dict[str, Any]]]]


def encoded(value: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready copy (dates, UUIDs) of a response document."""
    result: dict[str, Any] = jsonable_encoder(value)
    return result


def context_of(request: Request) -> RouterContext:
    context: RouterContext = runtime_of(request).context["router"]
    return context


async def once(
    request: Request, principal: Principal, key: str | None, body: Any, work: Work
) -> JSONResponse:
    """Run a creating request once per Idempotency-Key, in one transaction."""
    async with runtime_of(request).transaction() as session:
        answer = await run_once(
            session,
            idempotency_key,
            scope=f"{principal.subject}:{request.method} {request.url.path}",
            key=key,
            request_body=jsonable_encoder(body),
            work=lambda: work(session),
        )
    return JSONResponse(jsonable_encoder(answer.body), status_code=answer.status)


# --- bodies directory ----------------------------------------------------------------------


@router.get("/bodies", summary="The bodies that answer appeals", dependencies=[STAFF])
async def list_bodies(request: Request, include_inactive: bool = False) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        return await bodies.list_bodies(session, include_inactive=include_inactive)


@router.get("/bodies/{code}", summary="One body", dependencies=[STAFF])
async def get_body(request: Request, code: str) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        return await bodies.get_body(session, code)


@router.post("/bodies", status_code=201, summary="Add a body to the directory")
async def create_body(
    request: Request,
    new: BodyIn,
    principal: Annotated[Principal, ADMIN],
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        return 201, await bodies.create_body(session, new, actor=principal.subject)

    return await once(request, principal, idempotency_key_header, new.model_dump(mode="json"), work)


@router.patch("/bodies/{code}", summary="Change a body (contacts, territory, delivery)")
async def update_body(
    request: Request, code: str, patch: BodyPatch, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await bodies.update_body(session, code, patch, actor=principal.subject)


@router.post("/bodies/{code}/deactivate", summary="Stop giving new appeals to a body")
async def deactivate_body(
    request: Request, code: str, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await bodies.deactivate_body(session, code, actor=principal.subject)


@router.post(
    "/bodies/{code}/pull-key", summary="Issue the key a body's system pulls with (shown once)"
)
async def issue_pull_key(
    request: Request, code: str, principal: Annotated[Principal, ADMIN]
) -> PullKey:
    async with runtime_of(request).transaction() as session:
        key = await bodies.issue_pull_key(session, code, actor=principal.subject)
    return PullKey(body_code=code, api_key=key)


@router.get(
    "/audit",
    summary="Audit trail of the directory, the rules and personal-data reads",
    dependencies=[require(Role.SUPERVISOR)],
)
async def list_audit(
    request: Request,
    subject_type: str | None = None,
    subject_id: str | None = None,
    before_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if subject_type is not None:
        query = query.where(audit_log.c.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(audit_log.c.subject_id == subject_id)
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    async with runtime_of(request).sessionmaker() as session:
        rows = [dict(row._mapping) for row in await session.execute(query)]
    return encoded(
        {"items": rows, "next_before_id": rows[-1]["id"] if len(rows) == limit else None}
    )


# --- competence rules ----------------------------------------------------------------------


@router.get("/rules", summary="Competence rules in the order they are tried", dependencies=[STAFF])
async def list_rules(request: Request) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        active = await rules.active_rules(session)
        version = await rules.current_version(session)
    return {
        "version": version,
        "fallback_body_code": rules.fallback_body(),
        "rules": [rule.model_dump(mode="json") for rule in active],
    }


@router.get("/rules/versions", summary="History of the rule set", dependencies=[STAFF])
async def list_rule_versions(request: Request, limit: Limit = 50) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        return [encoded(item) for item in await rules.list_versions(session, limit)]


@router.get("/rules/versions/{version}", summary="A past rule set", dependencies=[STAFF])
async def get_rule_version(request: Request, version: int) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        return [
            rule.model_dump(mode="json") for rule in await rules.rules_of_version(session, version)
        ]


async def _rules_changed(
    request: Request, change: Callable[[AsyncSession], Awaitable[int]]
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        version = await change(session)
        active = await rules.active_rules(session)
    return {"version": version, "rules": [rule.model_dump(mode="json") for rule in active]}


@router.post("/rules", status_code=201, summary="Add a rule (a new rule-set version)")
async def create_rule(
    request: Request,
    new: RuleIn,
    principal: Annotated[Principal, ADMIN],
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        version = await rules.create_rule(session, new, actor=principal.subject)
        active = await rules.active_rules(session)
        return 201, {"version": version, "rules": [r.model_dump(mode="json") for r in active]}

    return await once(request, principal, idempotency_key_header, new.model_dump(mode="json"), work)


@router.put("/rules/{rule_id}", summary="Change a rule (a new rule-set version)")
async def replace_rule(
    request: Request, rule_id: str, new: RuleIn, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    return await _rules_changed(
        request, lambda session: rules.replace_rule(session, rule_id, new, actor=principal.subject)
    )


@router.delete("/rules/{rule_id}", summary="Remove a rule (a new rule-set version)")
async def delete_rule(
    request: Request, rule_id: str, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    return await _rules_changed(
        request, lambda session: rules.delete_rule(session, rule_id, actor=principal.subject)
    )


@router.post("/rules/reorder", summary="Put the rules in a new order (a new version)")
async def reorder_rules(
    request: Request, order: Reorder, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    return await _rules_changed(
        request,
        lambda session: rules.reorder_rules(session, order.rule_ids, actor=principal.subject),
    )


@router.post(
    "/rules/dry-run",
    summary="Which body would get this appeal, and by which rule",
    dependencies=[STAFF],
)
async def dry_run(request: Request, facts: DryRunIn) -> DryRunOut:
    async with runtime_of(request).sessionmaker() as session:
        version = facts.version or await rules.current_version(session)
        rule_set = (
            await rules.rules_of_version(session, facts.version)
            if facts.version
            else await rules.active_rules(session)
        )
    choice = rules.first_match(
        rule_set,
        rules.AppealFacts(
            facts.topic_code, facts.territory_code, facts.kind, facts.channel, facts.text
        ),
        exclude=set(facts.exclude_body_codes),
    )
    if choice is None:
        return DryRunOut(
            body_code=rules.fallback_body(),
            co_executor_codes=[],
            rule=None,
            fallback=True,
            rule_set_version=version,
        )
    return DryRunOut(
        body_code=choice.body_code,
        co_executor_codes=choice.co_executor_codes,
        rule=choice.rule.model_dump(mode="json") if choice.rule else None,
        fallback=False,
        rule_set_version=version,
    )


# --- topic suggestion and triage -----------------------------------------------------------


def _topic_name(code: str) -> str:
    try:
        return load_classifier().topic(code).name_uk
    except KeyError:
        return code


@router.post("/topics/suggest", summary="Top-3 classifier topics for a text", dependencies=[CENTER])
async def suggest_topics(request: Request, given: SuggestIn) -> SuggestOut:
    context = context_of(request)
    suggester = context.topics.suggester
    if suggester is None:
        raise Conflict("The topic model is still being prepared; try again shortly.")
    ranked = suggester.suggest(given.text, k=3)
    return SuggestOut(
        model_version=suggester.version,
        suggestions=[
            TopicSuggestionOut(
                topic_code=s.topic_code, name_uk=_topic_name(s.topic_code), confidence=s.confidence
            )
            for s in ranked
        ],
        needs_triage=needs_triage(ranked, context.settings.triage_threshold),
    )


@router.post("/topics/retrain", summary="Retrain on the corpus plus supervisors' decisions")
async def retrain_topics(
    request: Request, principal: Annotated[Principal, ADMIN]
) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        rows = await session.execute(
            select(appeal_case.c.registered, triage_item.c.decided_topic_code)
            .join(triage_item, triage_item.c.appeal_id == appeal_case.c.appeal_id)
            .where(triage_item.c.decided_topic_code.is_not(None))
        )
        corrections = [(row.registered["text"], row.decided_topic_code) for row in rows]
    version = await context_of(request).topics.retrain(
        [text for text, _ in corrections], [topic for _, topic in corrections]
    )
    async with runtime_of(request).transaction() as session:
        await record(
            session,
            actor=principal.subject,
            action="topic_model.retrained",
            subject_type="topic_model",
            subject_id=version,
            details={"corrections": len(corrections)},
        )
    return {"model_version": version, "corrections": len(corrections)}


@router.get("/triage", summary="Appeals waiting for a supervisor to pick topic or body")
async def list_triage(
    request: Request,
    principal: Annotated[Principal, SUPERVISOR],
    cursor: str | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    query = (
        select(triage_item, appeal_case.c.registered, appeal_case.c.excluded_body_codes)
        .join(appeal_case, appeal_case.c.appeal_id == triage_item.c.appeal_id)
        .where(triage_item.c.decided_at.is_(None))
    )
    if cursor:
        moment, last_id = decode_cursor(cursor)
        query = query.where(
            (triage_item.c.created_at > moment)
            | ((triage_item.c.created_at == moment) & (triage_item.c.id > last_id))
        )
    async with runtime_of(request).transaction() as session:
        rows = list(
            await session.execute(
                query.order_by(triage_item.c.created_at, triage_item.c.id).limit(limit + 1)
            )
        )
        page = rows[:limit]
        items = [
            {
                "appeal_id": str(row.appeal_id),
                "registration_number": row.registered["registration_number"],
                "reason": row.reason,
                "text": row.registered["text"],
                "channel": row.registered["channel"],
                "given_topic_code": row.registered.get("topic_code"),
                "suggestions": [
                    {**s, "name_uk": _topic_name(s["topic_code"])} for s in row.suggestions
                ],
                "model_version": row.model_version,
                "excluded_body_codes": row.excluded_body_codes,
                "created_at": row.created_at.isoformat(),
            }
            for row in page
        ]
        if items:
            await record(
                session,
                actor=principal.subject,
                action="triage.read",
                subject_type="appeal",
                subject_id="triage",
                details={"appeal_ids": [item["appeal_id"] for item in items]},
            )
    next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


@router.post("/triage/{appeal_id}/decide", summary="Route a triaged appeal by a person's choice")
async def decide_triage(
    request: Request,
    appeal_id: uuid.UUID,
    decision: TriageDecision,
    principal: Annotated[Principal, SUPERVISOR],
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        routed = await service.decide_triage(
            session, context_of(request), appeal_id, decision, actor=principal.subject
        )
        return 200, {"appeal_id": str(appeal_id), **routed.model_dump(mode="json")}

    return await once(
        request, principal, idempotency_key_header, decision.model_dump(mode="json"), work
    )


# --- one appeal as the router sees it -----------------------------------------------------


@router.get("/appeals/{appeal_id}/routing", summary="Routing, assignments and deliveries")
async def get_routing(
    request: Request,
    appeal_id: uuid.UUID,
    principal: Annotated[Principal, STAFF],
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        case_row = await service.case_of(session, appeal_id)
        held = [
            dict(row._mapping)
            for row in await session.execute(
                select(assignment)
                .where(assignment.c.appeal_id == appeal_id)
                .order_by(assignment.c.assigned_at)
            )
        ]
        jobs = [
            delivery.job_view(row)
            for row in await session.execute(
                select(delivery_job).where(delivery_job.c.appeal_id == appeal_id)
            )
        ]
        if Role.BODY_OFFICER in principal.roles and not principal.has_any(
            frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM})
        ):
            if principal.body_code not in {a["body_code"] for a in held}:
                raise NotFound(f"The router holds no appeal {appeal_id} for your body.")
            held = [a for a in held if a["body_code"] == principal.body_code]
            jobs = [j for j in jobs if j["body_code"] == principal.body_code]
        if Role.ANALYST in principal.roles and len(principal.roles) == 1:
            raise Forbidden("Analysts see aggregates, not single appeals.")
        await record(
            session,
            actor=principal.subject,
            action="appeal.routing_read",
            subject_type="appeal",
            subject_id=str(appeal_id),
        )
    return encoded(
        {
            "appeal_id": str(appeal_id),
            "registration_number": case_row.registration_number,
            "status": case_row.status,
            "topic_code": case_row.topic_code,
            "topic_source": case_row.topic_source,
            "topic_doubtful": case_row.topic_doubtful,
            "model_version": case_row.model_version,
            "suggestions": case_row.suggestions,
            "lead_body_code": case_row.lead_body_code,
            "excluded_body_codes": case_row.excluded_body_codes,
            "received_on": case_row.received_on,
            "due_date": case_row.due_date,
            "assignments": held,
            "deliveries": jobs,
        }
    )


# --- the supervisor's checks ---------------------------------------------------------------


@router.post("/appeals/{appeal_id}/return-for-rework", summary="Send the answer back to the body")
async def return_for_rework(
    request: Request,
    appeal_id: uuid.UUID,
    given: ReasonIn,
    principal: Annotated[Principal, SUPERVISOR],
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await service.return_for_rework(
            session, context_of(request), appeal_id, given.reason, actor=principal.subject
        )


@router.post("/appeals/{appeal_id}/close", summary="Close an answered appeal")
async def close_appeal(
    request: Request,
    appeal_id: uuid.UUID,
    given: CloseIn,
    principal: Annotated[Principal, SUPERVISOR],
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await service.close(
            session, context_of(request), appeal_id, given.outcome, actor=principal.subject
        )


@router.get(
    "/deliveries", summary="Deliveries to bodies (e.g. the dead ones)", dependencies=[SUPERVISOR]
)
async def list_deliveries(
    request: Request,
    status: Literal["pending", "delivered", "dead"] | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        items, next_cursor = await delivery.list_jobs(session, status, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/deliveries/{delivery_id}/retry", summary="Send a dead delivery again")
async def retry_delivery(
    request: Request, delivery_id: uuid.UUID, principal: Annotated[Principal, SUPERVISOR]
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        view = await delivery.retry_dead(session, delivery_id)
        await record(
            session,
            actor=principal.subject,
            action="delivery.retried",
            subject_type="delivery",
            subject_id=str(delivery_id),
        )
    return view


# --- reference answers ---------------------------------------------------------------------


@router.get("/knowledge", summary="Search reference answers valid today", dependencies=[CENTER])
async def search_knowledge(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    topic_code: str | None = None,
    on: date | None = None,
    include_expired: bool = False,
    limit: Limit = 20,
) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        return await knowledge.search(
            session, q, topic_code=topic_code, on=on, include_expired=include_expired, limit=limit
        )


@router.get("/knowledge/{article_id}", summary="One reference answer", dependencies=[CENTER])
async def get_article(request: Request, article_id: uuid.UUID) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        return await knowledge.get_article(session, article_id)


EDITORS = require(Role.SUPERVISOR)


@router.post("/knowledge", status_code=201, summary="Add a reference answer")
async def create_article(
    request: Request,
    article: ArticleIn,
    principal: Annotated[Principal, EDITORS],
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        return 201, await knowledge.create_article(session, article, actor=principal.subject)

    return await once(
        request, principal, idempotency_key_header, article.model_dump(mode="json"), work
    )


@router.put("/knowledge/{article_id}", summary="Change a reference answer")
async def replace_article(
    request: Request,
    article_id: uuid.UUID,
    article: ArticleIn,
    principal: Annotated[Principal, EDITORS],
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await knowledge.replace_article(
            session, article_id, article, actor=principal.subject
        )


@router.delete("/knowledge/{article_id}", status_code=204, summary="Remove a reference answer")
async def delete_article(
    request: Request, article_id: uuid.UUID, principal: Annotated[Principal, EDITORS]
) -> None:
    async with runtime_of(request).transaction() as session:
        await knowledge.delete_article(session, article_id, actor=principal.subject)


@router.post(
    "/appeals/{appeal_id}/resolve-on-contact",
    summary="The center answered the appeal itself (operator or bot)",
)
async def resolve_on_contact(
    request: Request,
    appeal_id: uuid.UUID,
    given: ResolveIn,
    principal: Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM)],
    idempotency_key_header: IdempotencyKey = None,
) -> JSONResponse:
    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        return 200, await service.resolve_on_contact(
            session, context_of(request), appeal_id, given, actor=principal.subject
        )

    return await once(
        request, principal, idempotency_key_header, given.model_dump(mode="json"), work
    )


# --- notices to applicants -----------------------------------------------------------------


@router.get("/callbacks", summary="Call-back tasks: tell phone applicants their answer")
async def list_callbacks(
    request: Request,
    principal: Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR)],
    status: Literal["pending", "done"] | None = "pending",
    cursor: str | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        items, next_cursor = await notify.list_notifications(
            session, "callback", status, cursor, limit
        )
        if items:
            await record(
                session,
                actor=principal.subject,
                action="callbacks.read",
                subject_type="notification",
                subject_id="callback",
                details={"ids": [item["id"] for item in items]},
            )
    return {"items": items, "next_cursor": next_cursor}


@router.post("/callbacks/{callback_id}/done", summary="The applicant was called back")
async def complete_callback(
    request: Request,
    callback_id: uuid.UUID,
    principal: Annotated[Principal, require(Role.OPERATOR, Role.SUPERVISOR)],
) -> dict[str, Any]:
    async with runtime_of(request).transaction() as session:
        return await notify.complete_callback(session, callback_id, actor=principal.subject)


@router.get("/notifications", summary="E-mail notices and their state", dependencies=[SUPERVISOR])
async def list_email_notices(
    request: Request,
    status: Literal["pending", "sent", "dead"] | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    async with runtime_of(request).sessionmaker() as session:
        items, next_cursor = await notify.list_notifications(
            session, "email", status, cursor, limit
        )
    return {"items": items, "next_cursor": next_cursor}
