"""Exchange's event consumers: they only record what must go to the UCC."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from exchange.sync import (
    record_answer,
    record_status_change,
    remember_registered,
    schedule_push_on_routing,
)
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


def subscriptions(runtime: ServiceRuntime) -> list[Subscription]:
    async def on_registered(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        await remember_registered(session, envelope, cast(AppealRegistered, payload))

    async def on_routed(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await schedule_push_on_routing(session, envelope, cast(AppealRouted, payload))

    async def on_status_changed(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        await record_status_change(session, envelope, cast(AppealStatusChanged, payload))

    async def on_answered(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_answer(session, envelope, cast(AppealAnswered, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {
        AppealRegistered: on_registered,
        AppealRouted: on_routed,
        AppealStatusChanged: on_status_changed,
        AppealAnswered: on_answered,
    }
    return [
        Subscription(
            queue="exchange.appeals",
            routing_keys=tuple(payload.event_type for payload in use_cases),
            handler=idempotent_handler("exchange", runtime.sessionmaker, runtime.inbox, use_cases),
        )
    ]
