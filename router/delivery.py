"""Getting an appeal to each body: pushed to its webhook, or pulled by its system.

One durable job per assignment; the job's id is the delivery id the body sees, the same on
every retry, so a body that keeps the ids it has processed never takes one appeal twice.
Webhook jobs are leased (several replicas may run), signed with HMAC-SHA256 over the
timestamp and the body, retried with exponential backoff and full jitter, and marked dead
after the limit, where a supervisor sees them and may retry. Pull jobs wait until the body's
system lists and acknowledges them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import structlog
from sqlalchemy import and_, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from router.bodies import delivery_of
from router.config import RouterSettings
from router.models import appeal_case, assignment, delivery_job
from router.pagination import decode_cursor, encode_cursor
from shared.errors import Conflict, NotFound
from shared.events import AppealDelivered, AppealRegistered, make_envelope
from shared.outbox import Outbox

log = structlog.get_logger(__name__)

PRODUCER = "router"
SIGNATURE_HEADER = "X-CC-Signature"
TIMESTAMP_HEADER = "X-CC-Timestamp"
DELIVERY_ID_HEADER = "X-CC-Delivery-Id"
EVENT_HEADER = "X-CC-Event"
ATTEMPT_HEADER = "X-CC-Attempt"
EVENT_NAME = "appeal.assigned"


def canonical_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent and signed: compact JSON, keys sorted, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 of `timestamp + "." + body` under the body's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(
    secret: str, timestamp: str, body: bytes, received: str, *, tolerance: int = 300
) -> bool:
    """What a receiver does (also used by this service's tests and docs)."""
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(signature(secret, timestamp, body), received)


def backoff(attempt: int, *, base: float, cap: float) -> timedelta:
    """Exponential backoff with full jitter, so replicas and bodies are not hit in lockstep."""
    return timedelta(seconds=random.uniform(0, min(cap, base * 2**attempt)))


def _payload(
    delivery_id: uuid.UUID,
    case_row: Any,
    *,
    body_code: str,
    role: str,
    lead_body_code: str,
    co_executor_codes: list[str],
    due: date,
    forward_by: date,
) -> dict[str, Any]:
    registered = AppealRegistered.model_validate(case_row.registered)
    applicant = None
    if not registered.confidential:
        applicant = registered.applicant.model_dump(
            mode="json", exclude={"telegram_chat_id", "sex", "social_status", "author_categories"}
        )
    return {
        "delivery_id": str(delivery_id),
        "event": EVENT_NAME,
        "appeal_id": str(case_row.appeal_id),
        "registration_number": registered.registration_number,
        "body_code": body_code,
        "role": role,
        "lead_body_code": lead_body_code,
        "co_executor_codes": co_executor_codes,
        "received_on": case_row.received_on.isoformat(),
        "due_date": due.isoformat(),
        "forward_by": forward_by.isoformat(),
        "channel": registered.channel,
        "kind": registered.kind,
        "topic_code": case_row.topic_code,
        "territory_code": registered.territory_code,
        "sign": registered.sign,
        "priority": registered.priority,
        "confidential": registered.confidential,
        "text": registered.text,
        "applicant": applicant,
    }


async def schedule(
    session: AsyncSession,
    *,
    assignment_id: uuid.UUID,
    case_row: Any,
    body_code: str,
    role: str,
    lead_body_code: str,
    co_executor_codes: list[str],
    due: date,
    forward_by: date,
) -> uuid.UUID:
    target = await delivery_of(session, body_code)
    method = target.method if target is not None else "pull"
    delivery_id = uuid.uuid4()
    now = datetime.now(UTC)
    await session.execute(
        delivery_job.insert().values(
            id=delivery_id,
            assignment_id=assignment_id,
            appeal_id=case_row.appeal_id,
            body_code=body_code,
            method=method,
            payload=_payload(
                delivery_id,
                case_row,
                body_code=body_code,
                role=role,
                lead_body_code=lead_body_code,
                co_executor_codes=co_executor_codes,
                due=due,
                forward_by=forward_by,
            ),
            status="pending",
            next_attempt_at=now,
            created_at=now,
        )
    )
    return delivery_id


async def _mark_delivered(
    session: AsyncSession, outbox: Outbox, job: Any, method: str, now: datetime
) -> bool:
    """Record the delivery once; False when it was already recorded."""
    changed = await session.execute(
        update(delivery_job)
        .where(delivery_job.c.id == job.id, delivery_job.c.status != "delivered")
        .values(status="delivered", delivered_at=now, leased_until=None)
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return False
    await session.execute(
        update(assignment)
        .where(assignment.c.id == job.assignment_id, assignment.c.delivered_at.is_(None))
        .values(delivered_at=now, updated_at=now)
    )
    correlation_id = await session.scalar(
        select(appeal_case.c.correlation_id).where(appeal_case.c.appeal_id == job.appeal_id)
    )
    await outbox.add(
        session,
        make_envelope(
            AppealDelivered(
                body_code=job.body_code,
                delivery_id=job.id,
                method=method,
                delivered_at=now,
            ),
            producer=PRODUCER,
            appeal_id=job.appeal_id,
            correlation_id=str(correlation_id or job.appeal_id),
        ),
    )
    return True


async def confirm_by_hand(
    session: AsyncSession, outbox: Outbox, assignment_id: uuid.UUID, now: datetime
) -> None:
    """An officer acting on the appeal in person proves it reached the body."""
    job = (
        await session.execute(
            select(delivery_job).where(delivery_job.c.assignment_id == assignment_id)
        )
    ).first()
    if job is not None and job.status != "delivered":
        await _mark_delivered(session, outbox, job, "manual", now)


# --- pull ----------------------------------------------------------------------------------


async def pending_for_body(
    session: AsyncSession, body_code: str, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """New appeals for a pulling body, oldest first, after the cursor."""
    query = select(delivery_job).where(
        delivery_job.c.body_code == body_code,
        delivery_job.c.method == "pull",
        delivery_job.c.status == "pending",
    )
    if cursor:
        moment, last_id = decode_cursor(cursor)
        query = query.where(
            tuple_(delivery_job.c.created_at, delivery_job.c.id) > tuple_(moment, last_id)
        )
    rows = list(
        await session.execute(
            query.order_by(delivery_job.c.created_at, delivery_job.c.id).limit(limit + 1)
        )
    )
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if len(rows) > limit else None
    return [dict(row.payload) for row in page], next_cursor


async def acknowledge_pulled(
    session: AsyncSession, outbox: Outbox, body_code: str, delivery_id: uuid.UUID
) -> dict[str, Any]:
    job = (
        await session.execute(
            select(delivery_job)
            .where(delivery_job.c.id == delivery_id, delivery_job.c.body_code == body_code)
            .with_for_update()
        )
    ).first()
    if job is None:
        raise NotFound(f"No delivery {delivery_id} for body '{body_code}'.")
    now = datetime.now(UTC)
    first = await _mark_delivered(session, outbox, job, job.method, now)
    delivered_at = now if first else job.delivered_at
    return {
        "delivery_id": str(delivery_id),
        "appeal_id": str(job.appeal_id),
        "delivered_at": delivered_at.isoformat() if delivered_at else None,
        "already_acknowledged": not first,
    }


# --- supervisor ----------------------------------------------------------------------------


def job_view(row: Any) -> dict[str, Any]:
    return {
        "delivery_id": str(row.id),
        "appeal_id": str(row.appeal_id),
        "body_code": row.body_code,
        "method": row.method,
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "next_attempt_at": row.next_attempt_at.isoformat(),
        "created_at": row.created_at.isoformat(),
        "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
    }


async def list_jobs(
    session: AsyncSession, status: str | None, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    query = select(delivery_job)
    if status is not None:
        query = query.where(delivery_job.c.status == status)
    if cursor:
        moment, last_id = decode_cursor(cursor)
        query = query.where(
            tuple_(delivery_job.c.created_at, delivery_job.c.id) > tuple_(moment, last_id)
        )
    rows = list(
        await session.execute(
            query.order_by(delivery_job.c.created_at, delivery_job.c.id).limit(limit + 1)
        )
    )
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if len(rows) > limit else None
    return [job_view(row) for row in page], next_cursor


async def retry_dead(session: AsyncSession, delivery_id: uuid.UUID) -> dict[str, Any]:
    """A supervisor sends a dead delivery again, with the same delivery id."""
    changed = await session.execute(
        update(delivery_job)
        .where(delivery_job.c.id == delivery_id, delivery_job.c.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=datetime.now(UTC), leased_until=None)
    )
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        exists = await session.scalar(
            select(delivery_job.c.status).where(delivery_job.c.id == delivery_id)
        )
        if exists is None:
            raise NotFound(f"No delivery {delivery_id}.")
        raise Conflict(f"Delivery {delivery_id} is '{exists}'; only a dead one is retried.")
    row = (
        await session.execute(select(delivery_job).where(delivery_job.c.id == delivery_id))
    ).one()
    return job_view(row)


# --- webhook push --------------------------------------------------------------------------


class WebhookPusher:
    """Leases due webhook jobs and POSTs them to the bodies."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        outbox: Outbox,
        settings: RouterSettings,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.outbox = outbox
        self.settings = settings
        self.client = client or httpx.AsyncClient(
            timeout=settings.delivery_timeout_seconds, follow_redirects=False
        )

    async def lease_due_jobs(self) -> list[Any]:
        now = datetime.now(UTC)
        lease = timedelta(seconds=self.settings.delivery_lease_seconds)
        async with self.sessionmaker() as session, session.begin():
            rows = list(
                await session.execute(
                    select(delivery_job)
                    .where(
                        delivery_job.c.method == "webhook",
                        delivery_job.c.status == "pending",
                        delivery_job.c.next_attempt_at <= now,
                        or_(
                            delivery_job.c.leased_until.is_(None),
                            delivery_job.c.leased_until < now,
                        ),
                    )
                    .order_by(delivery_job.c.next_attempt_at)
                    .limit(self.settings.delivery_batch_size)
                    .with_for_update(skip_locked=True)
                )
            )
            if rows:
                await session.execute(
                    update(delivery_job)
                    .where(delivery_job.c.id.in_([row.id for row in rows]))
                    .values(leased_until=now + lease)
                )
        return rows

    async def push_one(self, job: Any) -> None:
        async with self.sessionmaker() as session:
            target = await delivery_of(session, job.body_code)
        if target is None or target.method != "webhook" or not target.url or not target.secret:
            await self._switch_to_pull(job)
            return
        body = canonical_body(job.payload)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            DELIVERY_ID_HEADER: str(job.id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(target.secret, timestamp, body),
            EVENT_HEADER: EVENT_NAME,
            ATTEMPT_HEADER: str(job.attempts + 1),
        }
        error: str | None = None
        try:
            response = await self.client.post(target.url, content=body, headers=headers)
            if not response.is_success:
                error = f"HTTP {response.status_code}: {response.text[:500]}"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"
        if error is None:
            async with self.sessionmaker() as session, session.begin():
                await _mark_delivered(session, self.outbox, job, "webhook", datetime.now(UTC))
            return
        await self._record_failure(job, error)

    async def _record_failure(self, job: Any, error: str) -> None:
        attempts = job.attempts + 1
        now = datetime.now(UTC)
        dead = attempts >= self.settings.delivery_max_attempts
        log.warning(
            "webhook delivery failed",
            delivery_id=str(job.id),
            body_code=job.body_code,
            attempts=attempts,
            dead=dead,
            error=error,
        )
        wait = backoff(
            attempts,
            base=self.settings.delivery_backoff_base_seconds,
            cap=self.settings.delivery_backoff_cap_seconds,
        )
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(delivery_job)
                .where(and_(delivery_job.c.id == job.id, delivery_job.c.status == "pending"))
                .values(
                    attempts=attempts,
                    last_error=error[:2000],
                    next_attempt_at=now + wait,
                    leased_until=None,
                    status="dead" if dead else "pending",
                )
            )

    async def _switch_to_pull(self, job: Any) -> None:
        """The body no longer takes webhooks: its system will find the appeal by pulling."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(delivery_job)
                .where(delivery_job.c.id == job.id, delivery_job.c.status == "pending")
                .values(method="pull", leased_until=None)
            )

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            jobs = await self.lease_due_jobs()
            if jobs:
                await asyncio.gather(*(self.push_one(job) for job in jobs))
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.delivery_poll_interval)

    async def close(self) -> None:
        await self.client.aclose()
