"""Monitoring use cases: keeping the deadline book in step with the appeals."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.models import deadline
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.events import AppealRouted, AppealStatusChanged, Envelope

CLOSING_STATUSES = frozenset(
    {"closed", "resolved_on_contact", "returned_to_applicant", "forwarded", "not_considered"}
)


async def record_routed(session: AsyncSession, envelope: Envelope, routed: AppealRouted) -> None:
    """Open (or move) the appeal's deadline when a body is given it."""
    now = datetime.now(UTC)
    inserted = await session.execute(
        insert_ignoring_duplicates(deadline, dialect_of(session))
        .values(
            appeal_id=envelope.appeal_id,
            body_code=routed.body_code,
            status="routed",
            received_on=routed.received_on,
            due_date=routed.due_date,
            updated_at=now,
        )
        .returning(deadline.c.appeal_id)
    )
    if inserted.first() is None:
        await session.execute(
            update(deadline)
            .where(deadline.c.appeal_id == envelope.appeal_id)
            .values(body_code=routed.body_code, due_date=routed.due_date, updated_at=now)
        )


async def record_status(
    session: AsyncSession, envelope: Envelope, changed: AppealStatusChanged
) -> None:
    """Follow the registry's status; an appeal never routed has no deadline here yet."""
    exists = await session.scalar(
        select(deadline.c.appeal_id).where(deadline.c.appeal_id == envelope.appeal_id)
    )
    if exists is None:
        return
    values: dict[str, object] = {
        "status": changed.to_status,
        "registration_number": changed.registration_number,
        "closed": changed.to_status in CLOSING_STATUSES,
        "updated_at": datetime.now(UTC),
    }
    if changed.due_date is not None:
        values["due_date"] = changed.due_date
    await session.execute(
        update(deadline).where(deadline.c.appeal_id == envelope.appeal_id).values(**values)
    )
