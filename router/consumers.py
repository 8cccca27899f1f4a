"""Router's event consumers."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from router.service import route_appeal
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import AppealRegistered, Envelope, EventPayload
from shared.service import ServiceRuntime


def subscriptions(runtime: ServiceRuntime) -> list[Subscription]:
    async def on_registered(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        await route_appeal(session, runtime.outbox, envelope, cast(AppealRegistered, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {AppealRegistered: on_registered}
    return [
        Subscription(
            queue="router.appeals",
            routing_keys=("appeal.registered",),
            handler=idempotent_handler("router", runtime.sessionmaker, runtime.inbox, use_cases),
        )
    ]
