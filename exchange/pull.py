"""Pull from the UCC: the assignment feed becomes appeals and lifecycle events, exactly once.

The feed delivers at least once, may repeat, reorder or rewind (docs/ucc-contract.md), so:

- every item is recorded in `feed_item` by its `item_id` in the same transaction as its
  effect; a repeated item changes nothing;
- an appeal item creates the appeal only through `ucc_link` (unique UCC number and appeal
  id), and `appeal.received` leaves through the outbox in that same transaction;
- the cursor is saved in that transaction too, after the items, and only then is the
  appeal acknowledged to the UCC (an unacknowledged one is acknowledged next round);
- the cursor row is locked for the page (`SKIP LOCKED`), so of several replicas one pulls
  at a time; the unique keys are what make doubling impossible even without the lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from exchange.config import ExchangeSettings
from exchange.metrics import FEED_ITEMS, PULL_ROUNDS
from exchange.models import appeal_card, feed_item, sync_cursor, ucc_link
from exchange.ucc_client import UccClient, UccError
from exchange.ucc_contract import (
    AppealAssignment,
    Applicant,
    Assignment,
    CallbackResultAssignment,
    ReworkAssignment,
)
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.events import (
    Address,
    AppealFeedbackReceived,
    AppealReceived,
    AppealReturnedForRework,
    EventPayload,
    make_envelope,
)
from shared.events import Applicant as PlatformApplicant
from shared.outbox import Outbox

log = structlog.get_logger(__name__)

PRODUCER = "exchange"
FEED = "assignments"
# Ids derived from UCC numbers and item ids: a replay can never mint a second event.
ID_NAMESPACE = uuid.UUID("6f1c0c52-4d0e-4f43-9b7a-0d5f3c1b7e21")
LinkOrigin = Literal["feed", "file", "region"]
ItemOutcome = Literal["created", "linked", "applied", "stored", "unmatched", "duplicate"]


def derived_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, "/".join(parts))


def platform_applicant(applicant: Applicant) -> PlatformApplicant:
    """The contract's applicant in the platform's shape (identity may be absent)."""
    return PlatformApplicant(
        full_name=applicant.name,
        phone=applicant.phone,
        email=applicant.email,
        address=Address(text=applicant.address) if applicant.address else None,
        applicant_type=applicant.applicant_type.value,
        sex=None if applicant.sex.value == "unknown" else applicant.sex.value,
        author_categories=list(applicant.categories),
        social_status=applicant.social_status,
    )


@dataclass(frozen=True)
class UccSnapshot:
    """What the UCC says about one of its appeals, kept verbatim for round trips."""

    status: str | None
    sub_status: str | None
    due_date: date | None


async def create_from_ucc(
    session: AsyncSession,
    outbox: Outbox,
    ucc_number: str,
    received: AppealReceived,
    *,
    origin: LinkOrigin,
    snapshot: UccSnapshot,
) -> uuid.UUID | None:
    """Bring a UCC appeal into the platform once; None when its number is already linked.

    The unique link is claimed first, in the caller's transaction: a concurrent replica or
    file import with the same number waits for this one and then finds the link taken.
    """
    appeal_id = uuid.uuid4()
    now = datetime.now(UTC)
    claimed = await session.execute(
        insert_ignoring_duplicates(ucc_link, dialect_of(session))
        .values(
            ucc_number=ucc_number,
            appeal_id=appeal_id,
            origin=origin,
            created_at=now,
            ucc_status=snapshot.status,
            ucc_sub_status=snapshot.sub_status,
            ucc_due_date=snapshot.due_date,
            refreshed_at=now,
        )
        .returning(ucc_link.c.appeal_id)
    )
    if claimed.first() is None:
        return None
    await outbox.add(
        session,
        make_envelope(
            received,
            producer=PRODUCER,
            appeal_id=appeal_id,
            correlation_id=f"ucc:{ucc_number}",
            event_id=derived_id("received", ucc_number),
        ),
    )
    return appeal_id


def received_from_assignment(item: AppealAssignment) -> AppealReceived:
    return AppealReceived(
        submission_id=derived_id("submission", item.ucc_number),
        channel="ucc",
        received_at=item.received_at,
        applicant=platform_applicant(item.applicant),
        text=item.text,
        topic_code=item.topic_code,
        kind=item.appeal_kind.value,
        confidential=item.confidential,
        external_number=item.ucc_number,
        details={
            "source": "ucc_feed",
            "ucc_item_id": item.item_id,
            "ucc_status": item.ucc_status,
            "ucc_sub_status": item.ucc_sub_status,
            "ucc_due_date": item.due_date.isoformat(),
            "needs_callback": item.needs_callback,
            "subject": item.subject.value,
        },
    )


async def appeal_of(
    session: AsyncSession, ucc_number: str, regional_id: str | None
) -> uuid.UUID | None:
    """Our appeal an item speaks about: by our own id when the UCC knows it, else by number."""
    if regional_id is not None:
        with contextlib.suppress(ValueError):
            candidate = uuid.UUID(regional_id)
            held = await session.scalar(
                select(appeal_card.c.appeal_id).where(appeal_card.c.appeal_id == candidate)
            )
            if held is not None:
                return candidate
    linked = await session.scalar(
        select(ucc_link.c.appeal_id).where(ucc_link.c.ucc_number == ucc_number)
    )
    if linked is not None:
        return uuid.UUID(str(linked))
    pushed = await session.scalar(
        select(appeal_card.c.appeal_id).where(appeal_card.c.ucc_number == ucc_number).limit(1)
    )
    return uuid.UUID(str(pushed)) if pushed is not None else None


async def _publish(
    session: AsyncSession,
    outbox: Outbox,
    payload: EventPayload,
    appeal_id: uuid.UUID,
    item_id: str,
) -> None:
    await outbox.add(
        session,
        make_envelope(
            payload,
            producer=PRODUCER,
            appeal_id=appeal_id,
            correlation_id=f"ucc-item:{item_id}",
            event_id=derived_id("item", item_id),
        ),
    )


async def _apply_one(
    session: AsyncSession, outbox: Outbox, item: Assignment
) -> tuple[ItemOutcome, uuid.UUID | None]:
    if isinstance(item, AppealAssignment):
        snapshot = UccSnapshot(item.ucc_status, item.ucc_sub_status, item.due_date)
        created = await create_from_ucc(
            session,
            outbox,
            item.ucc_number,
            received_from_assignment(item),
            origin="feed",
            snapshot=snapshot,
        )
        if created is not None:
            return "created", created
        return "linked", await appeal_of(session, item.ucc_number, item.regional_id)
    appeal_id = await appeal_of(session, item.ucc_number, item.regional_id)
    if appeal_id is None:
        return "unmatched", None
    if isinstance(item, CallbackResultAssignment):
        feedback = AppealFeedbackReceived(
            source="ucc_callback",
            satisfied=item.satisfied.value,
            comment=item.comment,
            received_at=item.called_at,
        )
        await _publish(session, outbox, feedback, appeal_id, item.item_id)
        return "applied", appeal_id
    if isinstance(item, ReworkAssignment):
        rework = AppealReturnedForRework(
            reason=item.reason, returned_by="ucc", returned_at=item.issued_at
        )
        await _publish(session, outbox, rework, appeal_id, item.item_id)
        if item.due_date is not None:
            await session.execute(
                update(ucc_link)
                .where(ucc_link.c.appeal_id == appeal_id)
                .values(ucc_due_date=item.due_date, refreshed_at=datetime.now(UTC))
            )
        return "applied", appeal_id
    return "stored", appeal_id


@dataclass
class AppliedItems:
    """What one batch of feed items did."""

    outcomes: dict[str, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def _appeals_first(items: Iterable[Assignment]) -> list[Assignment]:
    """A page may be shuffled: apply the appeals before what refers to them."""
    return sorted(items, key=lambda item: 0 if isinstance(item, AppealAssignment) else 1)


async def apply_items(
    session: AsyncSession, outbox: Outbox, items: Sequence[Assignment]
) -> AppliedItems:
    """Apply feed items once each (by `item_id`), in the caller's transaction."""
    applied = AppliedItems()
    now = datetime.now(UTC)
    for item in _appeals_first(items):
        claimed = await session.execute(
            insert_ignoring_duplicates(feed_item, dialect_of(session))
            .values(
                item_id=item.item_id,
                kind=item.kind,
                ucc_number=item.ucc_number,
                payload=item.model_dump(mode="json"),
                outcome="pending",
                applied_at=now,
            )
            .returning(feed_item.c.item_id)
        )
        if claimed.first() is None:
            applied.count("duplicate")
            FEED_ITEMS.labels(item.kind, "duplicate").inc()
            continue
        outcome, appeal_id = await _apply_one(session, outbox, item)
        await session.execute(
            update(feed_item)
            .where(feed_item.c.item_id == item.item_id)
            .values(outcome=outcome, appeal_id=appeal_id)
        )
        if outcome == "created":
            applied.created.append(item.ucc_number)
        applied.count(outcome)
        FEED_ITEMS.labels(item.kind, outcome).inc()
    return applied


@dataclass
class PullReport:
    pages: int = 0
    items: dict[str, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    acknowledged: int = 0
    busy: bool = False

    def add(self, applied: AppliedItems) -> None:
        self.pages += 1
        self.created.extend(applied.created)
        for outcome, count in applied.outcomes.items():
            self.items[outcome] = self.items.get(outcome, 0) + count


class AssignmentPuller:
    """Reads the assignment feed on a schedule; any number of replicas may run it."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        outbox: Outbox,
        client: UccClient,
        settings: ExchangeSettings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.outbox = outbox
        self.client = client
        self.settings = settings

    async def _ensure_cursor(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                insert_ignoring_duplicates(sync_cursor, dialect_of(session)).values(
                    name=FEED, cursor=None, updated_at=datetime.now(UTC)
                )
            )

    async def pull_page(self) -> tuple[AppliedItems, bool] | None:
        """One page under the cursor lock; None when another replica holds the cursor."""
        async with self.sessionmaker() as session, session.begin():
            row = (
                await session.execute(
                    select(sync_cursor.c.cursor)
                    .where(sync_cursor.c.name == FEED)
                    .with_for_update(skip_locked=True)
                )
            ).first()
            if row is None:
                return None
            page = await self.client.pull_assignments(
                after=row.cursor, limit=self.settings.pull_page_size
            )
            applied = await apply_items(session, self.outbox, page.items)
            await session.execute(
                update(sync_cursor)
                .where(sync_cursor.c.name == FEED)
                .values(cursor=page.next_cursor, updated_at=datetime.now(UTC))
            )
        return applied, page.has_more

    async def acknowledge_pending(self) -> int:
        """Tell the UCC about every appeal taken from it and not yet acknowledged."""
        async with self.sessionmaker() as session:
            numbers = (
                await session.scalars(
                    select(ucc_link.c.ucc_number)
                    .where(ucc_link.c.origin == "feed", ucc_link.c.acked_at.is_(None))
                    .order_by(ucc_link.c.created_at)
                    .limit(500)
                )
            ).all()
        acknowledged = 0
        for number in numbers:
            try:
                answer = await self.client.ack_assignment(number)
            except UccError as error:
                log.warning("UCC acknowledgement failed", ucc_number=number, error=str(error))
                break
            async with self.sessionmaker() as session, session.begin():
                await session.execute(
                    update(ucc_link)
                    .where(ucc_link.c.ucc_number == number)
                    .values(acked_at=answer.accepted_at)
                )
            acknowledged += 1
        return acknowledged

    async def pull_round(self) -> PullReport:
        """Read pages until the feed has nothing more (or the page budget is spent)."""
        report = PullReport()
        await self._ensure_cursor()
        for _ in range(self.settings.pull_max_pages):
            result = await self.pull_page()
            if result is None:
                report.busy = True
                break
            applied, has_more = result
            report.add(applied)
            if not has_more:
                break
        report.acknowledged = await self.acknowledge_pending()
        return report

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                report = await self.pull_round()
                PULL_ROUNDS.labels("busy" if report.busy else "ok").inc()
            except UccError as error:
                PULL_ROUNDS.labels("ucc_error").inc()
                log.warning("UCC pull failed; next round will retry", error=str(error))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.pull_interval)


async def cursor_state(session: AsyncSession) -> dict[str, Any]:
    row = (
        await session.execute(
            select(sync_cursor.c.cursor, sync_cursor.c.updated_at).where(sync_cursor.c.name == FEED)
        )
    ).first()
    return {
        "cursor": row.cursor if row else None,
        "cursor_saved_at": row.updated_at if row else None,
    }


async def repull(puller: AssignmentPuller, ucc_number: str) -> dict[str, Any]:
    """Read again everything the UCC says about one appeal and apply what is missing here.

    The whole feed is scanned from its start without touching the saved cursor; items
    already applied are skipped by `item_id` as always. The UCC's status pair and due date
    from its listing then refresh the link.
    """
    found: list[Assignment] = []
    cursor: str | None = None
    for _ in range(puller.settings.pull_max_pages):
        page = await puller.client.pull_assignments(
            after=cursor, limit=puller.settings.pull_page_size
        )
        found.extend(item for item in page.items if item.ucc_number == ucc_number)
        cursor = page.next_cursor
        if not page.has_more:
            break
    summary = None
    async for listed in puller.client.iter_appeals():
        if listed.ucc_number == ucc_number:
            summary = listed
    async with puller.sessionmaker() as session, session.begin():
        applied = await apply_items(session, puller.outbox, found)
        if summary is not None:
            await session.execute(
                update(ucc_link)
                .where(ucc_link.c.ucc_number == ucc_number)
                .values(
                    ucc_status=summary.ucc_status,
                    ucc_sub_status=summary.ucc_sub_status,
                    ucc_due_date=summary.due_date,
                    refreshed_at=datetime.now(UTC),
                )
            )
        appeal_id = await appeal_of(
            session, ucc_number, summary.regional_id if summary is not None else None
        )
    acknowledged = await puller.acknowledge_pending() if applied.created else 0
    return {
        "ucc_number": ucc_number,
        "appeal_id": str(appeal_id) if appeal_id else None,
        "known_to_ucc": summary is not None,
        "feed_items_seen": len(found),
        "items": applied.outcomes,
        "created": bool(applied.created),
        "acknowledged": acknowledged,
    }
