"""Router use cases: preliminary review, routing, the bodies' side and the supervisor's checks.

Every function takes the caller's session and never commits; the events it reports go to the
outbox in the same transaction. An appeal is a `appeal_case`; each body working on it (the
lead and any co-executors) holds an `assignment` with its own delivery and its own answer.
Only the lead body's steps move the appeal's status in the registry: co-executors answer the
lead, who answers the applicant (the usual practice of "головний виконавець").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from router import delivery, notify
from router.bodies import active_body_codes
from router.config import RouterSettings
from router.models import (
    appeal_case,
    assignment,
    contact_resolution,
    knowledge_article,
    routing,
    triage_item,
)
from router.rules import (
    AppealFacts,
    RoutingChoice,
    active_rules,
    current_version,
    fallback_body,
    first_match,
)
from router.schemas import AnswerIn, ExtensionIn, ResolveIn, TriageDecision
from router.topic_model import TopicModel
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.deadlines import (
    ExtensionRefused,
    due_after_redirect,
    due_date,
    extended_due_date,
    forward_due_date,
    kyiv_date,
    receipt_date,
)
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.events import (
    AppealAcceptedByBody,
    AppealAnswered,
    AppealClosed,
    AppealExtended,
    AppealRedirected,
    AppealRegistered,
    AppealResolvedOnContact,
    AppealReturnedForRework,
    AppealRouted,
    AppealStatusChanged,
    Envelope,
    EventPayload,
    make_envelope,
)
from shared.outbox import Outbox

PRODUCER = "router"
OPEN_FOR_ANSWER = frozenset({"routed", "rework"})


@dataclass(frozen=True)
class RouterContext:
    """What the use cases need beyond the session."""

    outbox: Outbox
    topics: TopicModel
    settings: RouterSettings


async def _publish(
    session: AsyncSession, context: RouterContext, case_row: Any, payload: EventPayload
) -> None:
    await context.outbox.add(
        session,
        make_envelope(
            payload,
            producer=PRODUCER,
            appeal_id=case_row.appeal_id,
            correlation_id=case_row.correlation_id,
        ),
    )


def facts_of(case_row: Any) -> AppealFacts:
    registered = AppealRegistered.model_validate(case_row.registered)
    return AppealFacts(
        topic_code=case_row.topic_code,
        territory_code=registered.territory_code,
        kind=registered.kind,
        channel=registered.channel,
        text=registered.text,
    )


async def case_of(session: AsyncSession, appeal_id: uuid.UUID, *, lock: bool = False) -> Any:
    query = select(appeal_case).where(appeal_case.c.appeal_id == appeal_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFound(f"The router holds no appeal {appeal_id}.")
    return row


async def _set_case(session: AsyncSession, appeal_id: uuid.UUID, **values: Any) -> None:
    await session.execute(
        update(appeal_case)
        .where(appeal_case.c.appeal_id == appeal_id)
        .values(updated_at=datetime.now(UTC), **values)
    )


async def route_appeal(
    session: AsyncSession, context: RouterContext, envelope: Envelope, registered: AppealRegistered
) -> None:
    """Preliminary review of a newly registered appeal: answer it here, route it, or triage it."""
    assert envelope.appeal_id is not None
    now = datetime.now(UTC)
    review = context.topics.review(registered.text, registered.topic_code)
    topic = registered.topic_code
    topic_source = "given"
    if topic is None and not review.needs_triage and review.suggestions:
        topic, topic_source = review.suggestions[0].topic_code, "model"
    await session.execute(
        appeal_case.insert().values(
            appeal_id=envelope.appeal_id,
            registration_number=registered.registration_number,
            correlation_id=envelope.correlation_id,
            registered=registered.model_dump(mode="json"),
            status="new",
            topic_code=topic,
            topic_source=topic_source if topic else "none",
            model_version=review.model_version,
            suggestions=[
                {"topic_code": s.topic_code, "confidence": s.confidence} for s in review.suggestions
            ],
            topic_doubtful=review.given_topic_doubtful,
            excluded_body_codes=[],
            received_on=receipt_date(registered.received_at),
            created_at=now,
            updated_at=now,
        )
    )
    case_row = await case_of(session, envelope.appeal_id)
    resolution = (
        await session.execute(
            select(contact_resolution).where(contact_resolution.c.appeal_id == envelope.appeal_id)
        )
    ).first()
    if resolution is not None:
        await _resolve(session, context, case_row, resolution)
        return
    if review.needs_triage:
        reason = "doubtful_topic" if registered.topic_code else "no_topic"
        if review.model_version is None:
            reason = "model_not_ready"
        await _to_triage(session, case_row, reason, review_suggestions(case_row))
        return
    choice = first_match(await active_rules(session), facts_of(case_row))
    if choice is None:
        choice = RoutingChoice(fallback_body(), [], None)
    await assign(session, context, case_row, choice, decided_by="rules")


def review_suggestions(case_row: Any) -> list[dict[str, Any]]:
    return list(case_row.suggestions or [])


async def _to_triage(
    session: AsyncSession, case_row: Any, reason: str, suggestions: list[dict[str, Any]]
) -> None:
    await session.execute(
        triage_item.insert().values(
            id=uuid.uuid4(),
            appeal_id=case_row.appeal_id,
            reason=reason,
            suggestions=suggestions,
            model_version=case_row.model_version,
            created_at=datetime.now(UTC),
        )
    )
    await _set_case(session, case_row.appeal_id, status="triage")


async def assign(
    session: AsyncSession,
    context: RouterContext,
    case_row: Any,
    choice: RoutingChoice,
    *,
    decided_by: str,
) -> AppealRouted:
    """Give the appeal to its lead body and co-executors; start their deliveries and clocks."""
    now = datetime.now(UTC)
    today = kyiv_date(now)
    registered = AppealRegistered.model_validate(case_row.registered)
    first_time = not case_row.excluded_body_codes
    if first_time:
        due = due_date(
            case_row.received_on, needs_no_further_study=registered.needs_no_further_study
        )
        forward_by = forward_due_date(case_row.received_on)
    else:
        due = due_after_redirect(
            case_row.received_on, today, needs_no_further_study=registered.needs_no_further_study
        )
        forward_by = forward_due_date(today)
    version = await current_version(session)
    values = {
        "registration_number": case_row.registration_number,
        "body_code": choice.body_code,
        "co_executor_codes": choice.co_executor_codes,
        "rule_id": choice.rule_id,
        "received_on": case_row.received_on,
        "due_date": due,
        "routed_at": now,
        "rule_set_version": version,
        "decided_by": decided_by,
    }
    existing = await session.scalar(
        select(routing.c.appeal_id).where(routing.c.appeal_id == case_row.appeal_id)
    )
    if existing is None:
        await session.execute(routing.insert().values(appeal_id=case_row.appeal_id, **values))
    else:
        await session.execute(
            update(routing).where(routing.c.appeal_id == case_row.appeal_id).values(**values)
        )
    await _withdraw_others(
        session, case_row.appeal_id, {choice.body_code, *choice.co_executor_codes}
    )
    roles = [(choice.body_code, "lead")] + [
        (code, "co_executor") for code in choice.co_executor_codes
    ]
    for body_code, role in roles:
        await _open_assignment(session, case_row, body_code, role, forward_by, choice, due, now)
    await _set_case(
        session, case_row.appeal_id, status="routed", lead_body_code=choice.body_code, due_date=due
    )
    routed = AppealRouted(
        body_code=choice.body_code,
        co_executor_codes=choice.co_executor_codes,
        rule_id=choice.rule_id,
        received_on=case_row.received_on,
        due_date=due,
    )
    await _publish(session, context, case_row, routed)
    return routed


async def _withdraw_others(session: AsyncSession, appeal_id: uuid.UUID, keep: set[str]) -> None:
    await session.execute(
        update(assignment)
        .where(
            assignment.c.appeal_id == appeal_id,
            assignment.c.body_code.not_in(keep),
            assignment.c.status.in_(("assigned", "accepted")),
        )
        .values(status="withdrawn", updated_at=datetime.now(UTC))
    )


async def _open_assignment(
    session: AsyncSession,
    case_row: Any,
    body_code: str,
    role: str,
    forward_by: date,
    choice: RoutingChoice,
    due: date,
    now: datetime,
) -> None:
    held = (
        await session.execute(
            select(assignment.c.id, assignment.c.status).where(
                assignment.c.appeal_id == case_row.appeal_id, assignment.c.body_code == body_code
            )
        )
    ).first()
    if held is not None:
        await session.execute(
            update(assignment).where(assignment.c.id == held.id).values(role=role, updated_at=now)
        )
        return
    assignment_id = uuid.uuid4()
    await session.execute(
        assignment.insert().values(
            id=assignment_id,
            appeal_id=case_row.appeal_id,
            body_code=body_code,
            role=role,
            status="assigned",
            assigned_at=now,
            forward_by=forward_by,
            updated_at=now,
        )
    )
    await delivery.schedule(
        session,
        assignment_id=assignment_id,
        case_row=case_row,
        body_code=body_code,
        role=role,
        lead_body_code=choice.body_code,
        co_executor_codes=choice.co_executor_codes,
        due=due,
        forward_by=forward_by,
    )


# --- triage -------------------------------------------------------------------------------


async def decide_triage(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    decision: TriageDecision,
    *,
    actor: str,
) -> AppealRouted:
    """A supervisor picks the topic and/or the body; the override and the model are recorded."""
    case_row = await case_of(session, appeal_id, lock=True)
    item = (
        await session.execute(
            select(triage_item)
            .where(triage_item.c.appeal_id == appeal_id, triage_item.c.decided_at.is_(None))
            .with_for_update()
        )
    ).first()
    if item is None or case_row.status != "triage":
        raise Conflict("This appeal is not waiting in the triage queue.")
    topic = decision.topic_code or case_row.topic_code
    excluded = set(case_row.excluded_body_codes)
    if decision.body_code is not None:
        if decision.body_code in excluded:
            raise Conflict(f"Body '{decision.body_code}' already said it is not competent.")
        await _require_active_bodies(
            session, [decision.body_code, *(decision.co_executor_codes or [])]
        )
        choice = RoutingChoice(decision.body_code, list(decision.co_executor_codes or []), None)
    else:
        facts = facts_of(case_row)
        facts = AppealFacts(topic, facts.territory_code, facts.kind, facts.channel, facts.text)
        found = first_match(await active_rules(session), facts, exclude=excluded)
        if found is None:
            if fallback_body() in excluded:
                raise Conflict("No rule finds a body for this topic; name the body.")
            found = RoutingChoice(fallback_body(), [], None)
        choice = found
    suggested = [s["topic_code"] for s in item.suggestions[:1]]
    await session.execute(
        update(triage_item)
        .where(triage_item.c.id == item.id)
        .values(
            decided_at=datetime.now(UTC),
            decided_by=actor,
            decided_topic_code=topic,
            decided_body_code=choice.body_code,
            overrode_suggestion=bool(suggested) and topic not in suggested,
            note=decision.note,
        )
    )
    await _set_case(
        session,
        appeal_id,
        topic_code=topic,
        topic_source="supervisor" if decision.topic_code else case_row.topic_source,
    )
    return await assign(
        session, context, await case_of(session, appeal_id), choice, decided_by=actor
    )


async def _require_active_bodies(session: AsyncSession, codes: list[str]) -> None:
    known = await active_body_codes(session)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise InvalidInput(
            f"These bodies are not in the directory or not active: {', '.join(unknown)}.",
            errors=[{"field": "body_code", "message": f"unknown body {code}"} for code in unknown],
        )


# --- the bodies' side ----------------------------------------------------------------------


async def _assignment_of(session: AsyncSession, appeal_id: uuid.UUID, body_code: str | None) -> Any:
    if body_code is None:
        raise Forbidden("Only an officer of a body (with its body code) can act for it.")
    row = (
        await session.execute(
            select(assignment)
            .where(assignment.c.appeal_id == appeal_id, assignment.c.body_code == body_code)
            .with_for_update()
        )
    ).first()
    if row is None or row.status == "withdrawn":
        raise NotFound(f"Appeal {appeal_id} is not assigned to body '{body_code}'.")
    if row.status == "redirected":
        raise Conflict("Your body already redirected this appeal as not in its competence.")
    return row


async def acknowledge(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    *,
    body_code: str | None,
    actor: str,
) -> dict[str, Any]:
    """The body took the appeal into work; a repeat changes nothing."""
    held = await _assignment_of(session, appeal_id, body_code)
    case_row = await case_of(session, appeal_id, lock=True)
    if held.accepted_at is not None:
        return {"appeal_id": str(appeal_id), "accepted_at": held.accepted_at.isoformat()}
    now = datetime.now(UTC)
    await delivery.confirm_by_hand(session, context.outbox, held.id, now)
    await session.execute(
        update(assignment)
        .where(assignment.c.id == held.id)
        .values(status="accepted", accepted_at=now, updated_at=now)
    )
    if held.role == "lead":
        await _publish(
            session,
            context,
            case_row,
            AppealAcceptedByBody(body_code=held.body_code, accepted_by=actor, accepted_at=now),
        )
    return {"appeal_id": str(appeal_id), "accepted_at": now.isoformat()}


async def answer(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    given: AnswerIn,
    *,
    body_code: str | None,
    actor: str,
) -> dict[str, Any]:
    held = await _assignment_of(session, appeal_id, body_code)
    case_row = await case_of(session, appeal_id, lock=True)
    now = datetime.now(UTC)
    document = {
        **given.model_dump(mode="json"),
        "answered_by": actor,
        "answered_at": now.isoformat(),
    }
    if held.role == "lead" and case_row.status not in OPEN_FOR_ANSWER:
        raise Conflict(f"The appeal is '{case_row.status}': it cannot be answered now.")
    if held.role != "lead" and held.answered_at is not None:
        raise Conflict("Your body has already given its part of the answer.")
    if held.accepted_at is None:
        await delivery.confirm_by_hand(session, context.outbox, held.id, now)
    await session.execute(
        update(assignment)
        .where(assignment.c.id == held.id)
        .values(
            status="answered",
            accepted_at=held.accepted_at or now,
            answered_at=now,
            answer=document,
            updated_at=now,
        )
    )
    if held.role == "lead":
        answered = AppealAnswered(
            body_code=held.body_code,
            outcome=given.outcome,
            answer_text=given.text,
            signed_by=given.signed_by,
            answered_at=now,
            outgoing_number=given.outgoing_number,
            attachments=[item.model_dump(mode="json") for item in given.attachments],
        )
        await _set_case(session, appeal_id, status="answered")
        await _publish(session, context, case_row, answered)
        await notify.schedule_answer_notice(session, case_row, answered)
    return {"appeal_id": str(appeal_id), "role": held.role, "answer": document}


async def extend(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    request: ExtensionIn,
    *,
    body_code: str | None,
    actor: str,
) -> dict[str, Any]:
    """Art. 20: a reason, the applicant told, and never past 45 days from receipt."""
    held = await _assignment_of(session, appeal_id, body_code)
    if held.role != "lead":
        raise Forbidden("Only the lead body extends the term; co-executors tell the lead.")
    case_row = await case_of(session, appeal_id, lock=True)
    if case_row.status not in OPEN_FOR_ANSWER or case_row.due_date is None:
        raise Conflict(f"The appeal is '{case_row.status}': its term cannot be extended now.")
    try:
        new_due = extended_due_date(
            case_row.received_on,
            case_row.due_date,
            request.new_due_date,
            applicant_notified=request.applicant_notified_at is not None,
            reason=request.reason,
        )
    except ExtensionRefused as refused:
        raise InvalidInput(
            refused.text_uk,
            title="Extension refused",
            errors=[{"field": "new_due_date", "message": refused.reason_code}],
            refusal_code=refused.reason_code,
        ) from refused
    assert request.applicant_notified_at is not None
    await _set_case(session, appeal_id, due_date=new_due)
    await session.execute(
        update(routing).where(routing.c.appeal_id == appeal_id).values(due_date=new_due)
    )
    reason = request.reason
    if request.notification_proof:
        reason = f"{reason} (заявника повідомлено: {request.notification_proof})"
    await _publish(
        session,
        context,
        case_row,
        AppealExtended(
            body_code=held.body_code,
            new_due_date=new_due,
            reason=reason,
            applicant_notified_at=request.applicant_notified_at,
            extended_by=request.extended_by or actor,
        ),
    )
    return {"appeal_id": str(appeal_id), "due_date": new_due.isoformat()}


async def redirect(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    reason: str,
    *,
    body_code: str | None,
    actor: str,
) -> dict[str, Any]:
    """Not in our competence (Art. 7): the lead's redirect re-routes the appeal once the
    registry has recorded it; a co-executor's simply ends its part."""
    held = await _assignment_of(session, appeal_id, body_code)
    case_row = await case_of(session, appeal_id, lock=True)
    now = datetime.now(UTC)
    if held.role == "lead" and case_row.status not in OPEN_FOR_ANSWER:
        raise Conflict(f"The appeal is '{case_row.status}': it cannot be redirected now.")
    await session.execute(
        update(assignment)
        .where(assignment.c.id == held.id)
        .values(status="redirected", redirect_reason=reason, updated_at=now)
    )
    forwarded_in_time = kyiv_date(now) <= held.forward_by
    if held.role == "lead":
        excluded = [*case_row.excluded_body_codes, held.body_code]
        await _set_case(session, appeal_id, status="redirecting", excluded_body_codes=excluded)
        await _publish(
            session,
            context,
            case_row,
            AppealRedirected(
                from_body_code=held.body_code, reason=reason, redirected_by=actor, redirected_at=now
            ),
        )
    return {
        "appeal_id": str(appeal_id),
        "forward_by": held.forward_by.isoformat(),
        "forwarded_in_time": forwarded_in_time,
    }


async def reroute_after_redirect(
    session: AsyncSession, context: RouterContext, appeal_id: uuid.UUID
) -> None:
    """The registry recorded the redirect: find the next competent body, or ask a person."""
    case_row = await case_of(session, appeal_id, lock=True)
    if case_row.status != "redirecting":
        return
    excluded = set(case_row.excluded_body_codes)
    choice = first_match(await active_rules(session), facts_of(case_row), exclude=excluded)
    if choice is None:
        await _to_triage(session, case_row, "redirected_no_rule", review_suggestions(case_row))
        return
    await assign(session, context, case_row, choice, decided_by="rules after redirect")


async def on_status_changed(
    session: AsyncSession, context: RouterContext, envelope: Envelope, changed: AppealStatusChanged
) -> None:
    """Follow the registry where it decides: redirects recorded, answers sent back for rework."""
    if envelope.appeal_id is None:
        return
    exists = await session.scalar(
        select(appeal_case.c.status).where(appeal_case.c.appeal_id == envelope.appeal_id)
    )
    if exists is None:
        return
    if changed.to_status == "redirected":
        await reroute_after_redirect(session, context, envelope.appeal_id)
    elif changed.to_status == "returned_for_rework":
        await _reopen(session, envelope.appeal_id)
    elif changed.to_status == "closed":
        await _set_case(session, envelope.appeal_id, status="closed")


async def _reopen(session: AsyncSession, appeal_id: uuid.UUID) -> None:
    case_row = await case_of(session, appeal_id, lock=True)
    if case_row.status in {"answered", "closed"}:
        await _set_case(session, appeal_id, status="rework")
        await session.execute(
            update(assignment)
            .where(
                assignment.c.appeal_id == appeal_id,
                assignment.c.body_code == case_row.lead_body_code,
            )
            .values(status="accepted", updated_at=datetime.now(UTC))
        )


# --- the supervisor's checks ---------------------------------------------------------------


async def return_for_rework(
    session: AsyncSession, context: RouterContext, appeal_id: uuid.UUID, reason: str, *, actor: str
) -> dict[str, Any]:
    case_row = await case_of(session, appeal_id, lock=True)
    if case_row.status not in {"answered", "closed"}:
        raise Conflict(f"The appeal is '{case_row.status}': there is no answer to return.")
    now = datetime.now(UTC)
    await _reopen(session, appeal_id)
    await _publish(
        session,
        context,
        case_row,
        AppealReturnedForRework(reason=reason, returned_by=actor, returned_at=now),
    )
    return {"appeal_id": str(appeal_id), "status": "rework"}


async def close(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    outcome: str | None,
    *,
    actor: str,
) -> dict[str, Any]:
    case_row = await case_of(session, appeal_id, lock=True)
    if case_row.status != "answered":
        raise Conflict(f"The appeal is '{case_row.status}': only an answered appeal is closed.")
    answer_row = (
        await session.execute(
            select(assignment.c.answer).where(
                assignment.c.appeal_id == appeal_id,
                assignment.c.body_code == case_row.lead_body_code,
            )
        )
    ).first()
    answered_outcome = (answer_row.answer or {}).get("outcome") if answer_row else None
    final = outcome or answered_outcome
    if final is None:
        raise InvalidInput(
            "Name the outcome.", errors=[{"field": "outcome", "message": "required"}]
        )
    now = datetime.now(UTC)
    await _set_case(session, appeal_id, status="closed")
    await _publish(
        session, context, case_row, AppealClosed(outcome=final, closed_by=actor, closed_at=now)
    )
    return {"appeal_id": str(appeal_id), "status": "closed", "outcome": final}


# --- answered by the center itself ---------------------------------------------------------


async def resolve_on_contact(
    session: AsyncSession,
    context: RouterContext,
    appeal_id: uuid.UUID,
    given: ResolveIn,
    *,
    actor: str,
) -> dict[str, Any]:
    """The operator or the bot answered from the knowledge base.

    An appeal still in triage is resolved at once; one the router has not seen yet is
    resolved when its registration arrives (the operator usually answers while the
    registration is under way); one already routed belongs to its body.
    """
    today = kyiv_date(datetime.now(UTC))
    answer_text = given.answer_text
    if given.article_id is not None:
        article = (
            await session.execute(
                select(knowledge_article).where(knowledge_article.c.id == given.article_id)
            )
        ).first()
        if article is None:
            raise NotFound(f"No reference answer {given.article_id}.")
        if article.valid_from > today or (
            article.valid_to is not None and article.valid_to < today
        ):
            raise Conflict("This reference answer is not valid today; it cannot be used.")
        answer_text = answer_text or article.answer
    assert answer_text is not None
    now = datetime.now(UTC)
    values = {
        "article_id": given.article_id,
        "answer_text": answer_text,
        "resolved_by": actor,
        "resolved_at": now,
    }
    case_row = (
        await session.execute(
            select(appeal_case).where(appeal_case.c.appeal_id == appeal_id).with_for_update()
        )
    ).first()
    if case_row is None:
        stored = await session.execute(
            insert_ignoring_duplicates(contact_resolution, dialect_of(session))
            .values(appeal_id=appeal_id, **values)
            .returning(contact_resolution.c.appeal_id)
        )
        if stored.first() is None:
            raise Conflict("This appeal is already being resolved on contact.")
        return {"appeal_id": str(appeal_id), "status": "resolution_pending_registration"}
    if case_row.status != "triage":
        raise Conflict(f"The appeal is '{case_row.status}': once routed, its body answers it.")
    await session.execute(contact_resolution.insert().values(appeal_id=appeal_id, **values))
    resolution = (
        await session.execute(
            select(contact_resolution).where(contact_resolution.c.appeal_id == appeal_id)
        )
    ).one()
    await session.execute(
        update(triage_item)
        .where(triage_item.c.appeal_id == appeal_id, triage_item.c.decided_at.is_(None))
        .values(decided_at=now, decided_by=actor, note="resolved on contact")
    )
    await _resolve(session, context, case_row, resolution)
    return {"appeal_id": str(appeal_id), "status": "resolved_on_contact"}


async def _resolve(
    session: AsyncSession, context: RouterContext, case_row: Any, resolution: Any
) -> None:
    await _set_case(session, case_row.appeal_id, status="resolved_on_contact")
    await _publish(
        session,
        context,
        case_row,
        AppealResolvedOnContact(
            article_id=str(resolution.article_id) if resolution.article_id else None,
            answer_text=resolution.answer_text,
            resolved_by=resolution.resolved_by,
            resolved_at=resolution.resolved_at,
        ),
    )
