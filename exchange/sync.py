"""Push to the UCC: appeal cards and status changes leave through a durable job table.

Consumers only write jobs (in the same transaction as the inbox), so a UCC outage never
blocks or dead-letters events. A push loop leases due jobs (several replicas may run), calls
the UCC, and records the result; failures are retried with exponential backoff and jitter.
The UCC side is idempotent by regional id and update id, so a retry after a lost answer
leaves exactly one copy there.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from exchange.config import ExchangeSettings
from exchange.models import appeal_card, push_job
from exchange.ucc_client import UccClient, UccRejected
from exchange.ucc_contract import AppealCard
from shared.consumers import NotReadyYet
from shared.events import AppealRegistered, AppealRouted, Envelope

log = structlog.get_logger(__name__)

UCC_CHANNELS = {
    "hotline": "hotline",
    "support_line": "psychological_support_line",
    "web": "web",
    "telegram": "telegram",
    "ucc": "ucc_1545",
    "post": "written",
    "email": "written",
    "api": "written",
    "reception": "personal_reception",
}
OTHER_TOPIC = "025"


def card_from_registered(envelope: Envelope, registered: AppealRegistered) -> dict[str, Any]:
    """The UCC registration card of an appeal as far as registration knows it."""
    applicant = registered.applicant
    address = applicant.address
    address_text = None
    if address is not None:
        parts = [address.settlement, address.street, address.house, address.flat]
        address_text = address.text or ", ".join(part for part in parts if part) or None
    card = AppealCard.model_validate(
        {
            "regional_id": str(envelope.appeal_id),
            "ucc_number": registered.external_number if registered.channel == "ucc" else None,
            "registration_number": registered.registration_number,
            "received_at": registered.received_at,
            "channel": UCC_CHANNELS[registered.channel],
            "applicant": {
                "name": applicant.full_name,
                "address": address_text,
                "phone": applicant.phone,
                "email": applicant.email,
            },
            "confidential": registered.confidential,
            "kind": registered.kind or "application",
            "subject": "individual" if applicant.full_name else "anonymous",
            "topic_code": registered.topic_code or OTHER_TOPIC,
            "text": registered.text,
            "status": "registered",
        }
    )
    return card.model_dump(mode="json")


async def remember_registered(
    session: AsyncSession, envelope: Envelope, registered: AppealRegistered
) -> None:
    await session.execute(
        appeal_card.insert().values(
            appeal_id=envelope.appeal_id,
            registration_number=registered.registration_number,
            card=card_from_registered(envelope, registered),
            updated_at=datetime.now(UTC),
        )
    )


async def schedule_push_on_routing(
    session: AsyncSession, envelope: Envelope, routed: AppealRouted
) -> None:
    """Once the body and the due date are known, the card goes to the UCC."""
    stored = await session.scalar(
        select(appeal_card.c.card).where(appeal_card.c.appeal_id == envelope.appeal_id)
    )
    if stored is None:
        raise NotReadyYet(f"appeal {envelope.appeal_id} not registered here yet")
    card = {
        **stored,
        "body": routed.body_code,
        "due_date": routed.due_date.isoformat(),
        "status": "routed",
    }
    now = datetime.now(UTC)
    await session.execute(
        update(appeal_card)
        .where(appeal_card.c.appeal_id == envelope.appeal_id)
        .values(card=card, updated_at=now)
    )
    await session.execute(
        push_job.insert().values(
            id=uuid.uuid4(),
            appeal_id=envelope.appeal_id,
            kind="appeal",
            payload=card,
            created_at=now,
            next_attempt_at=now,
        )
    )


def backoff(attempt: int, *, base: float = 1.0, cap: float = 600.0) -> timedelta:
    """Exponential backoff with full jitter, so replicas do not retry in lockstep."""
    return timedelta(seconds=random.uniform(0, min(cap, base * 2**attempt)))


class UccPusher:
    """Leases due push jobs and sends them to the UCC."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: UccClient,
        settings: ExchangeSettings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.client = client
        self.settings = settings

    async def lease_due_jobs(self) -> list[Any]:
        now = datetime.now(UTC)
        async with self.sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(push_job.c.id, push_job.c.kind, push_job.c.payload, push_job.c.attempts)
                    .where(
                        push_job.c.done_at.is_(None),
                        push_job.c.failed_at.is_(None),
                        push_job.c.next_attempt_at <= now,
                        or_(push_job.c.leased_until.is_(None), push_job.c.leased_until < now),
                    )
                    .order_by(push_job.c.created_at)
                    .limit(self.settings.push_batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if rows:
                await session.execute(
                    update(push_job)
                    .where(push_job.c.id.in_([row.id for row in rows]))
                    .values(leased_until=now + timedelta(seconds=self.settings.push_lease_seconds))
                )
        return list(rows)

    async def push_one(self, job: Any) -> None:
        finished: dict[str, Any]
        try:
            result = await self.client.push_appeal(AppealCard.model_validate(job.payload))
        except UccRejected as error:
            log.error("UCC refused a push", job_id=str(job.id), error=str(error))
            finished = {"failed_at": datetime.now(UTC), "last_error": str(error)[:2000]}
        except Exception as error:
            attempts = job.attempts + 1
            give_up = attempts >= self.settings.push_max_attempts
            log.warning("UCC push failed", job_id=str(job.id), attempts=attempts, error=repr(error))
            finished = {
                "attempts": attempts,
                "last_error": repr(error)[:2000],
                "next_attempt_at": datetime.now(UTC) + backoff(attempts),
                "leased_until": None,
                **({"failed_at": datetime.now(UTC)} if give_up else {}),
            }
        else:
            finished = {"done_at": datetime.now(UTC), "last_error": None}
            async with self.sessionmaker() as session, session.begin():
                await session.execute(
                    update(appeal_card)
                    .where(
                        and_(
                            appeal_card.c.registration_number == job.payload["registration_number"]
                        )
                    )
                    .values(ucc_number=result.ucc_number)
                )
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(push_job).where(push_job.c.id == job.id).values(**finished)
            )

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            jobs = await self.lease_due_jobs()
            if jobs:
                await asyncio.gather(*(self.push_one(job) for job in jobs))
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.push_poll_interval)
