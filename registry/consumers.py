"""Registry's event consumers: registration and the lifecycle events of other services."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from registry.config import RegistrySettings
from registry.service import apply_routed, register_appeal
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import AppealReceived, AppealRouted, Envelope, EventPayload
from shared.service import ServiceRuntime


def subscriptions(runtime: ServiceRuntime, settings: RegistrySettings) -> list[Subscription]:
    async def on_received(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await register_appeal(
            session,
            runtime.outbox,
            envelope,
            cast(AppealReceived, payload),
            prefix=settings.registration_prefix,
        )

    async def on_routed(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await apply_routed(session, runtime.outbox, envelope, cast(AppealRouted, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {
        AppealReceived: on_received,
        AppealRouted: on_routed,
    }
    handler = idempotent_handler("registry", runtime.sessionmaker, runtime.inbox, use_cases)
    return [
        Subscription(
            queue="registry.appeals",
            routing_keys=("appeal.received", "appeal.routed"),
            handler=handler,
        )
    ]
