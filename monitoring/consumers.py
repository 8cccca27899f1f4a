"""Monitoring's event consumers."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.service import record_routed, record_status
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import AppealRouted, AppealStatusChanged, Envelope, EventPayload
from shared.service import ServiceRuntime


def subscriptions(runtime: ServiceRuntime) -> list[Subscription]:
    async def on_routed(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_routed(session, envelope, cast(AppealRouted, payload))

    async def on_status(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_status(session, envelope, cast(AppealStatusChanged, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {
        AppealRouted: on_routed,
        AppealStatusChanged: on_status,
    }
    return [
        Subscription(
            queue="monitoring.appeals",
            routing_keys=("appeal.routed", "appeal.status_changed"),
            handler=idempotent_handler(
                "monitoring", runtime.sessionmaker, runtime.inbox, use_cases
            ),
        )
    ]
