"""Monitoring use cases: keeping the per-appeal projection in step with the events.

The registry is the source of truth for status; monitoring keeps only what its clocks and
reports need. Events of one appeal may arrive in any order: registration and routing are
upserts, and a status change or a rating that comes before the appeal is known here is
handed back to the bus (``NotReadyYet``) until the registration arrives.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.models import author_category, deadline, redirect, work_calendar_day
from shared.consumers import NotReadyYet
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.deadlines import (
    DeadlinePolicy,
    WorkCalendar,
    ceiling_date,
    clocks,
    forward_due_date,
    receipt_date,
    return_due_date,
    work_calendar_from_lists,
)
from shared.events import (
    AppealFeedbackReceived,
    AppealRegistered,
    AppealRouted,
    AppealStatusChanged,
    Envelope,
)

CLOCK_STOPPING_STATUSES = frozenset(
    {
        "answered",
        "on_check",
        "closed",
        "resolved_on_contact",
        "returned_to_applicant",
        "forwarded",
        "not_considered",
    }
)
"""Statuses in which nobody owes the applicant an answer any more."""

WAITING_FOR_ROUTING = frozenset({"received", "registered"})


def _appeal_id(envelope: Envelope) -> uuid.UUID:
    if envelope.appeal_id is None:
        raise ValueError(f"{envelope.type} {envelope.id} carries no appeal id")
    return envelope.appeal_id


async def load_work_calendar(session: AsyncSession) -> WorkCalendar:
    """The editable calendar: listed non-working days and working exceptions."""
    rows = (await session.execute(select(work_calendar_day))).mappings().all()
    return work_calendar_from_lists(
        holidays=[row["day"] for row in rows if not row["working"]],
        working_days=[row["day"] for row in rows if row["working"]],
    )


def _secondary_clocks(
    received_on: date, policy: DeadlinePolicy, calendar: WorkCalendar
) -> dict[str, date]:
    return {
        "ceiling_date": ceiling_date(received_on, policy),
        "forward_by": forward_due_date(received_on, policy=policy, calendar=calendar),
        "return_by": return_due_date(received_on, policy=policy, calendar=calendar),
    }


async def record_registered(
    session: AsyncSession,
    envelope: Envelope,
    registered: AppealRegistered,
    policy: DeadlinePolicy,
) -> None:
    """Take the coded facts of a registered appeal and start its clocks."""
    appeal_id = _appeal_id(envelope)
    calendar = await load_work_calendar(session)
    received_on = receipt_date(registered.received_at)
    computed = clocks(
        received_on,
        needs_no_further_study=registered.needs_no_further_study,
        policy=policy,
        calendar=calendar,
    )
    applicant = registered.applicant
    facts: dict[str, Any] = {
        "registration_number": registered.registration_number,
        "registered": True,
        "received_at": registered.received_at,
        "received_on": received_on,
        "channel": registered.channel,
        "kind": registered.kind,
        "sign": registered.sign,
        "topic_code": registered.topic_code,
        "territory_code": registered.territory_code,
        "sex": applicant.sex,
        "social_status": applicant.social_status,
        "anonymous": not (applicant.full_name or "").strip(),
        "priority": registered.priority,
        "needs_no_further_study": registered.needs_no_further_study,
        "ceiling_date": computed.ceiling,
        "forward_by": computed.forward_by,
        "return_by": computed.return_by,
        "updated_at": datetime.now(UTC),
    }
    inserted = await session.execute(
        insert_ignoring_duplicates(deadline, dialect_of(session))
        .values(appeal_id=appeal_id, status="registered", due_date=computed.due, **facts)
        .returning(deadline.c.appeal_id)
    )
    if inserted.first() is None:
        await session.execute(
            update(deadline).where(deadline.c.appeal_id == appeal_id).values(**facts)
        )
    if applicant.author_categories:
        await session.execute(
            insert_ignoring_duplicates(author_category, dialect_of(session)),
            [
                {"appeal_id": appeal_id, "category_code": code}
                for code in sorted(set(applicant.author_categories))
            ],
        )


async def record_routed(
    session: AsyncSession, envelope: Envelope, routed: AppealRouted, policy: DeadlinePolicy
) -> None:
    """Give the appeal its body and the due date the router set (the registry keeps the same)."""
    appeal_id = _appeal_id(envelope)
    now = datetime.now(UTC)
    calendar = await load_work_calendar(session)
    inserted = await session.execute(
        insert_ignoring_duplicates(deadline, dialect_of(session))
        .values(
            appeal_id=appeal_id,
            body_code=routed.body_code,
            status="routed",
            received_on=routed.received_on,
            due_date=routed.due_date,
            updated_at=now,
            **_secondary_clocks(routed.received_on, policy, calendar),
        )
        .returning(deadline.c.appeal_id)
    )
    if inserted.first() is not None:
        return
    await session.execute(
        update(deadline)
        .where(deadline.c.appeal_id == appeal_id)
        .values(body_code=routed.body_code, due_date=routed.due_date, updated_at=now)
    )
    await session.execute(
        update(deadline)
        .where(deadline.c.appeal_id == appeal_id, deadline.c.status.in_(WAITING_FOR_ROUTING))
        .values(status="routed")
    )


async def record_status(
    session: AsyncSession, envelope: Envelope, changed: AppealStatusChanged
) -> None:
    """Follow the registry's status; count extensions, redirects and returns for rework.

    Counters follow every event (each happened once, the inbox saw to that); the current
    status only moves forward in time, so a late event never overwrites a newer one.
    """
    appeal_id = _appeal_id(envelope)
    current = (
        await session.execute(
            select(deadline.c.status_changed_at, deadline.c.body_code)
            .where(deadline.c.appeal_id == appeal_id)
            .with_for_update()
        )
    ).first()
    if current is None:
        raise NotReadyYet(f"appeal {appeal_id} is not known to monitoring yet")
    target = changed.to_status
    counters: dict[str, Any] = {}
    if target == "extended":
        counters["extensions"] = deadline.c.extensions + 1
    elif target == "redirected":
        counters["redirects"] = deadline.c.redirects + 1
        await session.execute(
            redirect.insert().values(
                event_id=envelope.id,
                appeal_id=appeal_id,
                from_body_code=changed.body_code or current.body_code or "unknown",
                redirected_at=changed.changed_at,
            )
        )
    elif target == "returned_for_rework":
        counters["reworks"] = deadline.c.reworks + 1
    if target == "answered":
        counters["answered_at"] = changed.changed_at
    if changed.outcome is not None:
        counters["outcome"] = changed.outcome
    values: dict[str, Any] = {
        **counters,
        "registration_number": changed.registration_number,
        "updated_at": datetime.now(UTC),
    }
    newest = current.status_changed_at is None or changed.changed_at >= current.status_changed_at
    if newest:
        values.update(
            status=target,
            status_changed_at=changed.changed_at,
            closed=target in CLOCK_STOPPING_STATUSES,
        )
        if changed.body_code is not None and target != "redirected":
            values["body_code"] = changed.body_code
        if changed.due_date is not None:
            values["due_date"] = changed.due_date
    await session.execute(
        update(deadline).where(deadline.c.appeal_id == appeal_id).values(**values)
    )


async def record_feedback(
    session: AsyncSession, envelope: Envelope, feedback: AppealFeedbackReceived
) -> None:
    """Keep the applicant's latest rating of the answer."""
    appeal_id = _appeal_id(envelope)
    result = await session.execute(
        update(deadline)
        .where(deadline.c.appeal_id == appeal_id)
        .values(satisfied=feedback.satisfied, updated_at=datetime.now(UTC))
        .returning(deadline.c.appeal_id)
    )
    if result.first() is None:
        raise NotReadyYet(f"appeal {appeal_id} is not known to monitoring yet")
