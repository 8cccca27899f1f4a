"""Turns a typed use-case function into an idempotent bus handler.

Order of operations (style checklist): validate the envelope → open a transaction → claim the
event id in the inbox → change state (and write follow-up events to the outbox) → commit →
acknowledge. A repeated id commits nothing and is acknowledged.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog
from pydantic import ValidationError
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.bus import Handler, PermanentFailure, RetryLater
from shared.events import Envelope, EventPayload, UnknownEventType, parse_payload
from shared.inbox import claim_event
from shared.logs import bind_correlation_id
from shared.metrics import EVENT_HANDLING, EVENTS_CONSUMED

log = structlog.get_logger(__name__)

P = TypeVar("P", bound=EventPayload)
UseCase = Callable[[AsyncSession, Envelope, P], Awaitable[None]]


class NotReadyYet(RetryLater):
    """The event arrived before one it depends on; the bus hands it back later."""


def idempotent_handler(
    consumer: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    inbox: Table,
    use_cases: dict[type[EventPayload], UseCase[EventPayload]],
) -> Handler:
    """One handler for a queue, dispatching on the payload type."""

    async def handle(envelope: Envelope) -> None:
        try:
            payload = parse_payload(envelope)
        except (UnknownEventType, ValidationError) as error:
            raise PermanentFailure(f"{envelope.type} v{envelope.version}: {error}") from error
        use_case = use_cases.get(type(payload))
        if use_case is None:
            raise PermanentFailure(f"{consumer} does not handle {envelope.type}")
        bind_correlation_id(envelope.correlation_id)
        started = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            if not await claim_event(session, inbox, consumer, envelope.id):
                EVENTS_CONSUMED.labels(consumer, envelope.type, "duplicate").inc()
                return
            await use_case(session, envelope, payload)
        EVENT_HANDLING.labels(consumer).observe(time.perf_counter() - started)
        EVENTS_CONSUMED.labels(consumer, envelope.type, "processed").inc()

    return handle
