"""Intake's event consumers: the citizen's view of their own appeals.

Intake keeps a small projection (`tracking`) for appeals it took from citizens (web portal,
Telegram), fed by the registry's and the router's events, so the public status lookup and
the bot's /status never reach into another service's tables. Events may arrive in any
order; each one sets what it knows, and the status follows the newest event.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from intake.service import project_status
from intake.telegram import notify_chat
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import (
    AppealAnswered,
    AppealRegistered,
    AppealRouted,
    AppealStatusChanged,
    Envelope,
    EventPayload,
)
from shared.service import ServiceRuntime

QUEUE = "intake.tracking"


async def on_registered(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
    registered = cast(AppealRegistered, payload)
    if envelope.appeal_id is None:
        return
    appeal = await project_status(
        session,
        envelope.appeal_id,
        status="registered",
        at=registered.registered_at,
        registration_number=registered.registration_number,
    )
    if appeal is not None:
        await notify_chat(session, appeal, with_answer=False)


async def on_routed(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
    routed = cast(AppealRouted, payload)
    if envelope.appeal_id is None:
        return
    await project_status(
        session,
        envelope.appeal_id,
        status="routed",
        at=envelope.occurred_at,
        body_code=routed.body_code,
        due_date=routed.due_date,
    )


async def on_status_changed(
    session: AsyncSession, envelope: Envelope, payload: EventPayload
) -> None:
    changed = cast(AppealStatusChanged, payload)
    if envelope.appeal_id is None:
        return
    values: dict[str, object] = {"registration_number": changed.registration_number}
    if changed.body_code is not None:
        values["body_code"] = changed.body_code
    if changed.due_date is not None:
        values["due_date"] = changed.due_date
    if changed.outcome is not None:
        values["outcome"] = changed.outcome
    await project_status(
        session, envelope.appeal_id, status=changed.to_status, at=changed.changed_at, **values
    )


async def on_answered(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
    answered = cast(AppealAnswered, payload)
    if envelope.appeal_id is None:
        return
    appeal = await project_status(
        session,
        envelope.appeal_id,
        status="answered",
        at=answered.answered_at,
        body_code=answered.body_code,
        outcome=answered.outcome,
        answer_text=answered.answer_text,
        answered_at=answered.answered_at,
    )
    if appeal is not None:
        await notify_chat(session, appeal, with_answer=True)


USE_CASES: dict[type[EventPayload], UseCase[EventPayload]] = {
    AppealRegistered: on_registered,
    AppealRouted: on_routed,
    AppealStatusChanged: on_status_changed,
    AppealAnswered: on_answered,
}


def subscriptions(runtime: ServiceRuntime) -> list[Subscription]:
    handler = idempotent_handler("intake", runtime.sessionmaker, runtime.inbox, USE_CASES)
    return [
        Subscription(
            queue=QUEUE,
            routing_keys=tuple(payload.event_type for payload in USE_CASES),
            handler=handler,
        )
    ]
