"""Push to the UCC: appeal cards and status updates leave through a durable job table.

Consumers only write jobs (in the same transaction as the inbox), so a UCC outage never
blocks or dead-letters events. A push loop leases due jobs (several replicas may run), calls
the UCC, and records the result; failures are retried with exponential backoff and jitter.
The UCC side is idempotent by regional id and update id (the update id is the id of the
event that caused it), so a retry after a lost answer leaves exactly one copy there.

Order per appeal: a job is leased only when every earlier job of the same appeal is done,
and an update only once the appeal's card has reached the UCC. So at most one push per
appeal is in flight, and a failed job holds the later ones back until it is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import structlog
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import ColumnElement

from exchange.circuit_breaker import CircuitOpenError
from exchange.config import ExchangeSettings
from exchange.metrics import PUSHES
from exchange.models import appeal_card, push_job, ucc_link
from exchange.ucc_client import UccClient, UccRejected, UccUnavailable
from exchange.ucc_contract import AppealCard, AppealUpdate, Outcome, PushResult, UpdateResult
from shared.consumers import NotReadyYet
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.events import (
    AppealAnswered,
    AppealRegistered,
    AppealRouted,
    AppealStatusChanged,
    Envelope,
)

log = structlog.get_logger(__name__)

# A leased push job: id, appeal_id, kind, payload, attempts.
JobRow = Row[Any, Any, Any, Any, Any]
JobKind = Literal["appeal", "update"]
JobState = Literal["pending", "failed", "done"]

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
OUTCOMES = frozenset(outcome.value for outcome in Outcome)
MAX_TEXT = 20_000


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
                "applicant_type": applicant.applicant_type,
                "sex": applicant.sex or "unknown",
                "address": address_text,
                "phone": applicant.phone,
                "email": applicant.email,
                "social_status": applicant.social_status,
                "categories": tuple(applicant.author_categories),
            },
            "confidential": registered.confidential,
            "kind": registered.kind or "application",
            "subject": "individual" if applicant.full_name else "anonymous",
            "topic_code": registered.topic_code or OTHER_TOPIC,
            "text": registered.text[:MAX_TEXT],
            "status": "registered",
        }
    )
    return card.model_dump(mode="json")


async def remember_registered(
    session: AsyncSession, envelope: Envelope, registered: AppealRegistered
) -> None:
    card = card_from_registered(envelope, registered)
    await session.execute(
        insert_ignoring_duplicates(appeal_card, dialect_of(session)).values(
            appeal_id=envelope.appeal_id,
            registration_number=registered.registration_number,
            card=card,
            ucc_number=card["ucc_number"],
            received_at=registered.received_at,
            status="registered",
            status_changed_at=registered.registered_at,
            updated_at=datetime.now(UTC),
        )
    )


async def _locked_card(session: AsyncSession, appeal_id: uuid.UUID | None) -> Any:
    """The appeal's card, locked so that events of one appeal change it one at a time."""
    row = (
        await session.execute(
            select(appeal_card).where(appeal_card.c.appeal_id == appeal_id).with_for_update()
        )
    ).first()
    if row is None:
        raise NotReadyYet(f"appeal {appeal_id} not registered here yet")
    return row


async def enqueue(
    session: AsyncSession,
    appeal_id: uuid.UUID,
    kind: JobKind,
    payload: dict[str, Any],
    *,
    at_head: bool = False,
) -> uuid.UUID:
    """Queue a push; `at_head` puts it before every unfinished push of the same appeal."""
    now = datetime.now(UTC)
    created_at = now
    if at_head:
        first_pending = await session.scalar(
            select(func.min(push_job.c.created_at)).where(
                push_job.c.appeal_id == appeal_id, push_job.c.done_at.is_(None)
            )
        )
        if first_pending is not None:
            created_at = min(now, first_pending - timedelta(milliseconds=1))
    job_id = uuid.uuid4()
    await session.execute(
        push_job.insert().values(
            id=job_id,
            appeal_id=appeal_id,
            kind=kind,
            payload=payload,
            created_at=created_at,
            next_attempt_at=now,
        )
    )
    return job_id


async def _has_card_job(session: AsyncSession, appeal_id: uuid.UUID) -> bool:
    found = await session.scalar(
        select(push_job.c.id)
        .where(push_job.c.appeal_id == appeal_id, push_job.c.kind == "appeal")
        .limit(1)
    )
    return found is not None


async def schedule_push_on_routing(
    session: AsyncSession, envelope: Envelope, routed: AppealRouted
) -> None:
    """Once the body and the due date are known, the card goes to the UCC."""
    row = await _locked_card(session, envelope.appeal_id)
    assert envelope.appeal_id is not None
    card = {
        **row.card,
        "body": routed.body_code,
        "due_date": routed.due_date.isoformat(),
        "status": "routed",
    }
    await session.execute(
        update(appeal_card)
        .where(appeal_card.c.appeal_id == envelope.appeal_id)
        .values(card=card, updated_at=datetime.now(UTC))
    )
    await enqueue(session, envelope.appeal_id, "appeal", card)


def _answer_fields(answer: dict[str, Any] | None) -> dict[str, Any]:
    if not answer:
        return {}
    return {
        "answer_text": answer["answer_text"][:MAX_TEXT],
        "answer_date": answer["answer_date"],
        "outgoing_number": answer.get("outgoing_number"),
    }


def update_from_status_change(
    event_id: uuid.UUID, changed: AppealStatusChanged, answer: dict[str, Any] | None
) -> AppealUpdate:
    """The contract update that reports one status change of the registry."""
    return AppealUpdate.model_validate(
        {
            "update_id": event_id,
            "status": changed.to_status,
            "outcome": changed.outcome if changed.outcome in OUTCOMES else None,
            "new_due_date": changed.due_date if changed.to_status == "extended" else None,
            "occurred_at": changed.changed_at,
            **(_answer_fields(answer) if changed.to_status == "answered" else {}),
        }
    )


async def record_status_change(
    session: AsyncSession, envelope: Envelope, changed: AppealStatusChanged
) -> None:
    """Keep the projection current and queue the update (after the card, if none yet)."""
    row = await _locked_card(session, envelope.appeal_id)
    assert envelope.appeal_id is not None
    newer = row.status_changed_at is None or changed.changed_at >= row.status_changed_at
    card = dict(row.card)
    if newer:
        card["status"] = changed.to_status
        if changed.body_code:
            card["body"] = changed.body_code
        if changed.due_date:
            card["due_date"] = changed.due_date.isoformat()
        await session.execute(
            update(appeal_card)
            .where(appeal_card.c.appeal_id == envelope.appeal_id)
            .values(
                card=card,
                status=changed.to_status,
                status_changed_at=changed.changed_at,
                updated_at=datetime.now(UTC),
            )
        )
    if not await _has_card_job(session, envelope.appeal_id):
        await enqueue(session, envelope.appeal_id, "appeal", card)
    appeal_update = update_from_status_change(envelope.id, changed, row.answer)
    await enqueue(session, envelope.appeal_id, "update", appeal_update.model_dump(mode="json"))


async def record_answer(
    session: AsyncSession, envelope: Envelope, answered: AppealAnswered
) -> None:
    """Keep the body's answer; if its status change already left without it, send it on."""
    await _locked_card(session, envelope.appeal_id)
    assert envelope.appeal_id is not None
    answer = {
        "answer_text": answered.answer_text,
        "answer_date": answered.answered_at.date().isoformat(),
        "outgoing_number": answered.outgoing_number,
        "outcome": answered.outcome,
    }
    await session.execute(
        update(appeal_card)
        .where(appeal_card.c.appeal_id == envelope.appeal_id)
        .values(answer=answer, updated_at=datetime.now(UTC))
    )
    answered_without_text = (
        await session.execute(
            select(push_job.c.payload).where(
                push_job.c.appeal_id == envelope.appeal_id, push_job.c.kind == "update"
            )
        )
    ).scalars()
    earlier = [
        payload
        for payload in answered_without_text
        if payload["status"] == "answered" and not payload.get("answer_text")
    ]
    if earlier:
        follow_up = AppealUpdate.model_validate(
            {
                "update_id": envelope.id,
                "status": "answered",
                "occurred_at": earlier[-1]["occurred_at"],
                **_answer_fields(answer),
            }
        )
        await enqueue(session, envelope.appeal_id, "update", follow_up.model_dump(mode="json"))


async def resend_appeal(session: AsyncSession, appeal_id: uuid.UUID) -> dict[str, Any]:
    """Send the card (ahead of anything pending), revive failed jobs, then the current status.

    The card goes first because a refused update usually means the UCC lost the appeal.
    """
    row = await _locked_card(session, appeal_id)
    revived = await revive_failed(session, appeal_id=appeal_id)
    card = {**row.card, "status": row.status or row.card["status"]}
    jobs = [await enqueue(session, appeal_id, "appeal", card, at_head=True)]
    if row.status not in (None, "registered") and row.status_changed_at is not None:
        current = AppealUpdate.model_validate(
            {
                "update_id": uuid.uuid4(),
                "status": row.status,
                "occurred_at": row.status_changed_at,
                "outcome": (row.answer or {}).get("outcome") if row.status == "closed" else None,
                **(_answer_fields(row.answer) if row.status == "answered" else {}),
            }
        )
        jobs.append(await enqueue(session, appeal_id, "update", current.model_dump(mode="json")))
    return {"appeal_id": str(appeal_id), "jobs": [str(job) for job in jobs], "revived": revived}


async def revive_failed(
    session: AsyncSession, *, appeal_id: uuid.UUID | None = None, job_id: uuid.UUID | None = None
) -> int:
    """Put failed jobs back in the queue with a fresh attempt budget."""
    conditions: list[ColumnElement[bool]] = [
        push_job.c.failed_at.is_not(None),
        push_job.c.done_at.is_(None),
    ]
    if appeal_id is not None:
        conditions.append(push_job.c.appeal_id == appeal_id)
    if job_id is not None:
        conditions.append(push_job.c.id == job_id)
    result = await session.execute(
        update(push_job)
        .where(*conditions)
        .values(failed_at=None, attempts=0, next_attempt_at=datetime.now(UTC), leased_until=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def job_state_condition(state: JobState) -> Any:
    if state == "done":
        return push_job.c.done_at.is_not(None)
    if state == "failed":
        return and_(push_job.c.failed_at.is_not(None), push_job.c.done_at.is_(None))
    return and_(push_job.c.failed_at.is_(None), push_job.c.done_at.is_(None))


async def count_jobs(session: AsyncSession) -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in ("done", "failed", "pending"):
        counts[state] = int(
            await session.scalar(select(func.count()).where(job_state_condition(state))) or 0
        )
    return counts


def backoff(attempt: int, *, base: float = 1.0, cap: float = 600.0) -> timedelta:
    """Exponential backoff with full jitter, so replicas do not retry in lockstep."""
    return timedelta(seconds=random.uniform(0, min(cap, base * 2**attempt)))


def _circuit_open(error: UccUnavailable) -> CircuitOpenError | None:
    cause = error.__cause__
    return cause if isinstance(cause, CircuitOpenError) else None


class UccPusher:
    """Leases due push jobs, in order per appeal, and sends them to the UCC."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: UccClient,
        settings: ExchangeSettings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.client = client
        self.settings = settings
        self._slots = asyncio.Semaphore(settings.push_concurrency)

    async def lease_due_jobs(self) -> Sequence[JobRow]:
        now = datetime.now(UTC)
        earlier = push_job.alias("earlier")
        card = push_job.alias("card")
        blocked_by_earlier = exists().where(
            earlier.c.appeal_id == push_job.c.appeal_id,
            earlier.c.done_at.is_(None),
            or_(
                earlier.c.created_at < push_job.c.created_at,
                and_(earlier.c.created_at == push_job.c.created_at, earlier.c.id < push_job.c.id),
            ),
        )
        card_pushed = exists().where(
            card.c.appeal_id == push_job.c.appeal_id,
            card.c.kind == "appeal",
            card.c.done_at.is_not(None),
        )
        async with self.sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(
                        push_job.c.id,
                        push_job.c.appeal_id,
                        push_job.c.kind,
                        push_job.c.payload,
                        push_job.c.attempts,
                    )
                    .where(
                        push_job.c.done_at.is_(None),
                        push_job.c.failed_at.is_(None),
                        push_job.c.next_attempt_at <= now,
                        or_(push_job.c.leased_until.is_(None), push_job.c.leased_until < now),
                        ~blocked_by_earlier,
                        or_(push_job.c.kind == "appeal", card_pushed),
                    )
                    .order_by(push_job.c.created_at)
                    .limit(self.settings.push_batch_size)
                    .with_for_update(skip_locked=True, of=push_job)
                )
            ).all()
            if rows:
                await session.execute(
                    update(push_job)
                    .where(push_job.c.id.in_([row.id for row in rows]))
                    .values(leased_until=now + timedelta(seconds=self.settings.push_lease_seconds))
                )
        return rows

    async def _call(self, job: JobRow) -> PushResult | UpdateResult:
        if job.kind == "appeal":
            return await self.client.push_appeal(AppealCard.model_validate(job.payload))
        return await self.client.push_update(
            str(job.appeal_id), AppealUpdate.model_validate(job.payload)
        )

    async def _record(self, session: AsyncSession, job: JobRow, answer: Any) -> None:
        """Keep what the UCC answered: its number and its status pair, verbatim."""
        if isinstance(answer, PushResult):
            await session.execute(
                update(appeal_card)
                .where(appeal_card.c.appeal_id == job.appeal_id)
                .values(
                    ucc_number=answer.ucc_number,
                    ucc_status=answer.ucc_status,
                    ucc_sub_status=answer.ucc_sub_status,
                )
            )
            await session.execute(
                insert_ignoring_duplicates(ucc_link, dialect_of(session)).values(
                    ucc_number=answer.ucc_number,
                    appeal_id=job.appeal_id,
                    origin="region",
                    created_at=datetime.now(UTC),
                )
            )
            PUSHES.labels("appeal", answer.result).inc()
            return
        assert isinstance(answer, UpdateResult)
        if answer.result == "applied":
            await session.execute(
                update(appeal_card)
                .where(appeal_card.c.appeal_id == job.appeal_id)
                .values(ucc_status=answer.ucc_status, ucc_sub_status=answer.ucc_sub_status)
            )
        PUSHES.labels("update", "replayed" if answer.replayed else answer.result).inc()

    async def push_one(self, job: JobRow) -> None:
        """Call the UCC outside any transaction, then record the outcome in one."""
        answer: PushResult | UpdateResult | None = None
        try:
            answer = await self._call(job)
        except UccRejected as error:
            log.error("UCC refused a push", job_id=str(job.id), error=str(error))
            PUSHES.labels(job.kind, "refused").inc()
            finished: dict[str, Any] = {
                "failed_at": datetime.now(UTC),
                "last_error": str(error)[:2000],
                "leased_until": None,
            }
        except UccUnavailable as error:
            finished = self._retry_later(job, error, _circuit_open(error))
        except Exception as error:
            finished = self._retry_later(job, error, None)
        else:
            finished = {"done_at": datetime.now(UTC), "last_error": None, "leased_until": None}
        async with self.sessionmaker() as session, session.begin():
            if answer is not None:
                await self._record(session, job, answer)
            await session.execute(
                update(push_job).where(push_job.c.id == job.id).values(**finished)
            )

    def _retry_later(
        self, job: JobRow, error: Exception, circuit: CircuitOpenError | None
    ) -> dict[str, Any]:
        now = datetime.now(UTC)
        if circuit is not None:
            # The UCC was not even called: no attempt is spent, the job waits for the trial.
            wait = timedelta(seconds=max(circuit.retry_after, self.settings.push_poll_interval))
            return {"next_attempt_at": now + wait, "leased_until": None, "last_error": str(error)}
        attempts = job.attempts + 1
        give_up = attempts >= self.settings.push_max_attempts
        log.warning("UCC push failed", job_id=str(job.id), attempts=attempts, error=repr(error))
        PUSHES.labels(job.kind, "error").inc()
        delay = backoff(
            attempts, base=self.settings.push_backoff_base, cap=self.settings.push_backoff_cap
        )
        return {
            "attempts": attempts,
            "last_error": repr(error)[:2000],
            "next_attempt_at": now + delay,
            "leased_until": None,
            **({"failed_at": now} if give_up else {}),
        }

    async def _bounded(self, job: JobRow) -> None:
        async with self._slots:
            await self.push_one(job)

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            jobs = await self.lease_due_jobs()
            if jobs:
                await asyncio.gather(*(self._bounded(job) for job in jobs))
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.push_poll_interval)
