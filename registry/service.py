"""Registry use cases: registration and the lifecycle. The only place that changes appeals."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.lifecycle import can_move, is_stale
from registry.models import appeal, registration_counter, status_history
from shared.bus import PermanentFailure
from shared.consumers import NotReadyYet
from shared.db import dialect_of
from shared.errors import Conflict
from shared.events import (
    AppealReceived,
    AppealRegistered,
    AppealStatus,
    AppealStatusChanged,
    Envelope,
    make_envelope,
)
from shared.outbox import Outbox

log = structlog.get_logger(__name__)

PRODUCER = "registry"
KYIV = ZoneInfo("Europe/Kyiv")


async def next_registration_number(session: AsyncSession, prefix: str, at: datetime) -> str:
    """Gapless per-year numbering, e.g. `DP-2026-000123` (the counter row is the lock)."""
    year = at.astimezone(KYIV).year
    dialect = dialect_of(session)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(registration_counter)
        .values(year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[registration_counter.c.year],
            set_={"last_number": registration_counter.c.last_number + 1},
        )
        .returning(registration_counter.c.last_number)
    )
    number = (await session.execute(statement)).scalar_one()
    return f"{prefix}-{year}-{number:06d}"


async def register_appeal(
    session: AsyncSession,
    outbox: Outbox,
    envelope: Envelope,
    received: AppealReceived,
    *,
    prefix: str,
) -> str:
    """Give a received appeal its number and status `registered`; announce it."""
    assert envelope.appeal_id is not None
    now = datetime.now(UTC)
    number = await next_registration_number(session, prefix, received.received_at)
    applicant = received.applicant.model_dump(mode="json")
    await session.execute(
        appeal.insert().values(
            id=envelope.appeal_id,
            registration_number=number,
            status="registered",
            channel=received.channel,
            kind=received.kind,
            topic_code=received.topic_code,
            applicant=applicant,
            text=received.text,
            confidential=received.confidential,
            needs_no_further_study=received.needs_no_further_study,
            external_number=received.external_number,
            received_at=received.received_at,
            registered_at=now,
            updated_at=now,
            details=received.details,
        )
    )
    await session.execute(
        status_history.insert(),
        [
            _history(
                envelope, None, "received", received.received_at, f"channel:{received.channel}"
            ),
            _history(envelope, "received", "registered", now, PRODUCER),
        ],
    )
    registered = AppealRegistered(
        registration_number=number,
        channel=received.channel,
        received_at=received.received_at,
        registered_at=now,
        topic_code=received.topic_code,
        kind=received.kind,
        text=received.text,
        applicant=received.applicant,
        territory_code=(received.applicant.address.hromada if received.applicant.address else None),
        confidential=received.confidential,
        needs_no_further_study=received.needs_no_further_study,
        external_number=received.external_number,
    )
    await outbox.add(
        session,
        make_envelope(
            registered,
            producer=PRODUCER,
            appeal_id=envelope.appeal_id,
            correlation_id=envelope.correlation_id,
        ),
    )
    return number


def _history(
    envelope: Envelope,
    from_status: str | None,
    to_status: str,
    at: datetime,
    actor: str,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "appeal_id": envelope.appeal_id,
        "from_status": from_status,
        "to_status": to_status,
        "changed_at": at,
        "actor": actor,
        "reason": reason,
        "source_event_id": envelope.id,
    }


async def change_status(
    session: AsyncSession,
    outbox: Outbox,
    envelope: Envelope,
    target: AppealStatus,
    *,
    actor: str,
    reason: str | None = None,
    values: dict[str, Any] | None = None,
) -> bool:
    """Move an appeal along the transition table; False when the event is stale.

    The row is locked for the change, so two events for one appeal apply one after the
    other. An illegal move is refused (409 for a person; a dead letter for an event).
    """
    current_row = (
        await session.execute(
            select(
                appeal.c.status, appeal.c.registration_number, appeal.c.body_code, appeal.c.due_date
            )
            .where(appeal.c.id == envelope.appeal_id)
            .with_for_update()
        )
    ).first()
    if current_row is None:
        raise NotReadyYet(f"appeal {envelope.appeal_id} is not registered yet")
    current: AppealStatus = current_row.status
    if not can_move(current, target):
        if is_stale(current, target) or current == target:
            log.info(
                "stale event ignored",
                appeal_id=str(envelope.appeal_id),
                current=current,
                target=target,
            )
            return False
        raise Conflict(f"An appeal in status '{current}' cannot move to '{target}'.")
    now = datetime.now(UTC)
    changes = {"status": target, "updated_at": now, **(values or {})}
    await session.execute(update(appeal).where(appeal.c.id == envelope.appeal_id).values(**changes))
    await session.execute(
        status_history.insert().values(**_history(envelope, current, target, now, actor, reason))
    )
    changed = AppealStatusChanged(
        registration_number=current_row.registration_number,
        from_status=current,
        to_status=target,
        changed_at=now,
        body_code=changes.get("body_code", current_row.body_code),
        due_date=changes.get("due_date", current_row.due_date),
        outcome=changes.get("outcome"),
        reason=reason,
    )
    await outbox.add(
        session,
        make_envelope(
            changed,
            producer=PRODUCER,
            appeal_id=envelope.appeal_id,
            correlation_id=envelope.correlation_id,
        ),
    )
    return True


async def apply_lifecycle_event(
    session: AsyncSession,
    outbox: Outbox,
    envelope: Envelope,
    target: AppealStatus,
    *,
    actor: str,
    reason: str | None,
    values: dict[str, Any],
) -> None:
    """A lifecycle event from another service: an illegal move is a poison message.

    It is dead-lettered (visible, replayable) rather than retried forever or dropped.
    """
    try:
        await change_status(
            session, outbox, envelope, target, actor=actor, reason=reason, values=values
        )
    except Conflict as error:
        raise PermanentFailure(str(error)) from error


async def get_appeal(session: AsyncSession, appeal_id: uuid.UUID) -> dict[str, Any] | None:
    row = (await session.execute(select(appeal).where(appeal.c.id == appeal_id))).mappings().first()
    if row is None:
        return None
    history = (
        (
            await session.execute(
                select(status_history)
                .where(status_history.c.appeal_id == appeal_id)
                .order_by(status_history.c.id)
            )
        )
        .mappings()
        .all()
    )
    return {**row, "history": [dict(entry) for entry in history]}
