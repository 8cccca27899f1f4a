"""Reconciliation: compare, for a period, what we hold with what the UCC holds.

The period is the receipt time of our appeals `[from, to)`. The UCC's listing is read from
`from` onwards (an appeal received in the period cannot have changed there before it), so
every appeal of ours that the UCC holds is in it. Each disagreement is one mismatch with
both sides' values; the whole result is stored so it can be read later.

Kinds of mismatch: `missing_at_ucc` (we sent it, the UCC does not have it), `missing_here`
(the UCC assigned it to us, we never took it), `unknown_here` (the UCC links it to an id
we do not hold), `not_linked` (the UCC does not yet know our id for it), `status_differs`,
`due_date_differs`.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from exchange.config import ExchangeSettings
from exchange.metrics import RECONCILIATION_MISMATCHES
from exchange.models import appeal_card, push_job, reconciliation, ucc_link
from exchange.ucc_client import UccClient, UccError
from exchange.ucc_contract import UccAppealSummary


def _mismatch(kind: str, **facts: Any) -> dict[str, Any]:
    return {"kind": kind, **{key: value for key, value in facts.items() if value is not None}}


def compare(
    ours: list[Any],
    sent: set[uuid.UUID],
    links: dict[str, uuid.UUID],
    theirs: dict[str, UccAppealSummary],
    period_to: datetime,
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Pure comparison of both sides (rows of `appeal_card`, the UCC's summaries)."""
    by_regional_id = {item.regional_id: item for item in theirs.values() if item.regional_id}
    held_ids = {str(card.appeal_id) for card in ours}
    mismatches: list[dict[str, Any]] = []
    matched = 0
    not_yet_sent = 0
    for card in ours:
        appeal_id = str(card.appeal_id)
        summary = by_regional_id.get(appeal_id) or (
            theirs.get(card.ucc_number) if card.ucc_number else None
        )
        facts = {"appeal_id": appeal_id, "registration_number": card.registration_number}
        if summary is None:
            if card.appeal_id in sent:
                mismatches.append(_mismatch("missing_at_ucc", ucc_number=card.ucc_number, **facts))
            else:
                not_yet_sent += 1
            continue
        matched += 1
        facts["ucc_number"] = summary.ucc_number
        if summary.regional_id is None:
            mismatches.append(_mismatch("not_linked", **facts))
        if card.status and summary.status is not None and summary.status.value != card.status:
            mismatches.append(
                _mismatch(
                    "status_differs",
                    ours=card.status,
                    theirs=summary.status.value,
                    ucc_status=summary.ucc_status,
                    ucc_sub_status=summary.ucc_sub_status,
                    **facts,
                )
            )
        elif card.status and summary.status is None and card.appeal_id in sent:
            mismatches.append(_mismatch("status_differs", ours=card.status, theirs=None, **facts))
        our_due = card.card.get("due_date")
        their_due = summary.due_date.isoformat() if summary.due_date else None
        if our_due and our_due != their_due:
            mismatches.append(
                _mismatch("due_date_differs", ours=our_due, theirs=their_due, **facts)
            )
    theirs_in_period = [item for item in theirs.values() if item.updated_at < period_to]
    for item in theirs_in_period:
        if item.regional_id and item.regional_id not in held_ids:
            if not _is_ours_elsewhere(item, links):
                mismatches.append(
                    _mismatch(
                        "unknown_here", ucc_number=item.ucc_number, regional_id=item.regional_id
                    )
                )
        elif item.regional_id is None and item.ucc_number not in links:
            mismatches.append(
                _mismatch("missing_here", ucc_number=item.ucc_number, ucc_status=item.ucc_status)
            )
    counts = {
        "ours": len(ours),
        "theirs": len(theirs_in_period),
        "matched": matched,
        "not_yet_sent": not_yet_sent,
        "mismatches": len(mismatches),
    }
    return counts, mismatches


def _is_ours_elsewhere(item: UccAppealSummary, links: dict[str, uuid.UUID]) -> bool:
    return item.ucc_number in links and str(links[item.ucc_number]) == item.regional_id


async def reconcile(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: UccClient,
    period_from: datetime,
    period_to: datetime,
    requested_by: str,
) -> dict[str, Any]:
    """Run one reconciliation and store its result (also when the UCC could not be read)."""
    run_id = uuid.uuid4()
    started = datetime.now(UTC)
    async with sessionmaker() as session:
        ours = list(
            (
                await session.execute(
                    select(appeal_card).where(
                        appeal_card.c.received_at >= period_from,
                        appeal_card.c.received_at < period_to,
                    )
                )
            ).all()
        )
        sent = set(
            (
                await session.scalars(
                    select(push_job.c.appeal_id)
                    .where(push_job.c.kind == "appeal", push_job.c.done_at.is_not(None))
                    .distinct()
                )
            ).all()
        )
        links = {
            row.ucc_number: row.appeal_id
            for row in await session.execute(select(ucc_link.c.ucc_number, ucc_link.c.appeal_id))
        }
    error: str | None = None
    counts: dict[str, int] = {}
    mismatches: list[dict[str, Any]] = []
    try:
        theirs = {
            item.ucc_number: item async for item in client.iter_appeals(updated_from=period_from)
        }
        counts, mismatches = compare(ours, sent, links, theirs, period_to)
        RECONCILIATION_MISMATCHES.set(len(mismatches))
    except UccError as failure:
        error = str(failure)
    record = {
        "id": run_id,
        "period_from": period_from,
        "period_to": period_to,
        "started_at": started,
        "finished_at": datetime.now(UTC),
        "requested_by": requested_by,
        "counts": counts,
        "mismatches": mismatches,
        "error": error,
    }
    async with sessionmaker() as session, session.begin():
        await session.execute(reconciliation.insert().values(**record))
    return record


class ReconciliationSchedule:
    """Reconciles the last `reconcile_lookback_days` every `reconcile_interval_seconds`.

    Each replica runs its own schedule; a run only reads both sides and stores a report,
    so two reports of one period are harmless.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: UccClient,
        settings: ExchangeSettings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.client = client
        self.settings = settings

    async def run(self, stopping: asyncio.Event) -> None:
        interval = self.settings.reconcile_interval_seconds
        if interval == 0:
            return
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), interval)
            if stopping.is_set():
                return
            now = datetime.now(UTC)
            since = now - timedelta(days=self.settings.reconcile_lookback_days)
            await reconcile(self.sessionmaker, self.client, since, now, "schedule")
