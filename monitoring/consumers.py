"""Monitoring's event consumers: the projection of every appeal it watches."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.config import MonitoringSettings
from monitoring.service import record_feedback, record_registered, record_routed, record_status
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import (
    AppealFeedbackReceived,
    AppealRegistered,
    AppealRouted,
    AppealStatusChanged,
    Envelope,
    EventPayload,
)
from shared.service import ServiceRuntime


def subscriptions(runtime: ServiceRuntime, settings: MonitoringSettings) -> list[Subscription]:
    policy = settings.deadline_policy

    async def on_registered(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        await record_registered(session, envelope, cast(AppealRegistered, payload), policy)

    async def on_routed(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_routed(session, envelope, cast(AppealRouted, payload), policy)

    async def on_status(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_status(session, envelope, cast(AppealStatusChanged, payload))

    async def on_feedback(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await record_feedback(session, envelope, cast(AppealFeedbackReceived, payload))

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {
        AppealRegistered: on_registered,
        AppealRouted: on_routed,
        AppealStatusChanged: on_status,
        AppealFeedbackReceived: on_feedback,
    }
    return [
        Subscription(
            queue="monitoring.appeals",
            routing_keys=tuple(model.event_type for model in use_cases),
            handler=idempotent_handler(
                "monitoring", runtime.sessionmaker, runtime.inbox, use_cases
            ),
        )
    ]
