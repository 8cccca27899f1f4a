"""Router's event consumers: new registrations, and the registry's word on status."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from router.service import RouterContext, on_status_changed, route_appeal
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import AppealRegistered, AppealStatusChanged, Envelope, EventPayload
from shared.service import ServiceRuntime


def subscriptions(runtime: ServiceRuntime, context: RouterContext) -> list[Subscription]:
    async def on_registered(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        await route_appeal(session, context, envelope, cast(AppealRegistered, payload))

    async def on_status(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await on_status_changed(session, context, envelope, cast(AppealStatusChanged, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {
        AppealRegistered: on_registered,
        AppealStatusChanged: on_status,
    }
    return [
        Subscription(
            queue="router.appeals",
            routing_keys=("appeal.registered", "appeal.status_changed"),
            handler=idempotent_handler("router", runtime.sessionmaker, runtime.inbox, use_cases),
        )
    ]
