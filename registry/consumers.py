"""Registry's event consumers: registration, and the lifecycle events of other services.

The registry is the single source of truth for an appeal's status: every lifecycle event of
the router (and of the exchange, for the UCC's rework requests) becomes a checked move in the
transition table, recorded in the history and announced as `appeal.status_changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from registry.config import RegistrySettings
from registry.service import apply_lifecycle_event, register_appeal
from shared.bus import Subscription
from shared.consumers import UseCase, idempotent_handler
from shared.events import (
    AppealAcceptedByBody,
    AppealAnswered,
    AppealClosed,
    AppealExtended,
    AppealReceived,
    AppealRedirected,
    AppealResolvedOnContact,
    AppealReturnedForRework,
    AppealRouted,
    AppealStatus,
    Envelope,
    EventPayload,
)
from shared.service import ServiceRuntime

# event → (target status, actor, reason, changed columns)
LifecycleMove = Callable[[Any], tuple[AppealStatus, str, str | None, dict[str, Any]]]

LIFECYCLE_MOVES: dict[type[EventPayload], LifecycleMove] = {
    AppealRouted: lambda e: (
        "routed",
        "router",
        f"rule {e.rule_id}" if e.rule_id else "fallback body",
        {"body_code": e.body_code, "due_date": e.due_date},
    ),
    AppealResolvedOnContact: lambda e: (
        "resolved_on_contact",
        e.resolved_by,
        f"article {e.article_id}" if e.article_id else None,
        {"outcome": "explained"},
    ),
    AppealAcceptedByBody: lambda e: ("in_work", e.accepted_by, None, {}),
    AppealAnswered: lambda e: ("answered", e.signed_by, None, {"outcome": e.outcome}),
    AppealExtended: lambda e: (
        "extended",
        e.extended_by,
        e.reason,
        {"due_date": e.new_due_date},
    ),
    AppealRedirected: lambda e: ("redirected", e.redirected_by, e.reason, {}),
    AppealReturnedForRework: lambda e: ("returned_for_rework", e.returned_by, e.reason, {}),
    AppealClosed: lambda e: ("closed", e.closed_by, None, {"outcome": e.outcome}),
}


def subscriptions(runtime: ServiceRuntime, settings: RegistrySettings) -> list[Subscription]:
    async def on_received(session: AsyncSession, envelope: Envelope, payload: EventPayload) -> None:
        await register_appeal(
            session,
            runtime.outbox,
            envelope,
            cast(AppealReceived, payload),
            prefix=settings.registration_prefix,
            policy=settings.matching_policy(),
        )

    async def on_lifecycle(
        session: AsyncSession, envelope: Envelope, payload: EventPayload
    ) -> None:
        target, actor, reason, values = LIFECYCLE_MOVES[type(payload)](payload)
        await apply_lifecycle_event(
            session, runtime.outbox, envelope, target, actor=actor, reason=reason, values=values
        )

    use_cases: dict[type[EventPayload], UseCase[EventPayload]] = {AppealReceived: on_received}
    use_cases.update(dict.fromkeys(LIFECYCLE_MOVES, on_lifecycle))
    handler = idempotent_handler("registry", runtime.sessionmaker, runtime.inbox, use_cases)
    return [
        Subscription(
            queue="registry.appeals",
            routing_keys=("appeal.received", *(m.event_type for m in LIFECYCLE_MOVES)),
            handler=handler,
        )
    ]
