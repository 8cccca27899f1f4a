"""Both directions at once against a UCC that misbehaves in every way the contract allows.

After the dust settles both sides agree (reconciliation finds nothing), nothing is
missing and nothing is doubled.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.exchange.helpers import (
    SUPERVISOR,
    answer_and_close,
    push_jobs_settled,
    routed_appeals,
    sim_by_regional_id,
)
from tests.exchange.test_pull_sync import assign, ucc_appeals
from tests.fakes.ucc_server import SimulatorControl
from tests.support.appeals import appeal_states
from tests.support.environment import eventually, fetch
from tests.support.stacks import InProcessStack


async def test_after_every_kind_of_fault_both_sides_agree(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    await sim.fault("fail", count=3, status_code=503)
    await sim.fault("fail", count=3, when="after")
    await sim.fault("delay", count=5, seconds=0.3)
    await sim.fault("hang", count=2, seconds=3)
    await sim.fault("duplicate", count=3)
    await sim.fault("reorder", count=3, seed=3)
    await sim.fault("cursor_rewind", count=2, rewind_by=2)
    started = datetime.now(UTC)

    numbers = await assign(sim, 4)
    ours = await routed_appeals(exchange_stack, 4)
    pulled = await eventually(ucc_appeals, lambda rows: len(rows) >= len(numbers))
    everyone = ours + [row["id"] for row in pulled]
    await eventually(
        lambda: appeal_states(everyone), lambda s: set(s.values()) == {"routed"}, within=90
    )
    await asyncio.gather(*(answer_and_close(exchange_stack, i) for i in (ours[0], pulled[0]["id"])))

    await eventually(push_jobs_settled, bool, within=90)
    views = await eventually(
        lambda: sim_by_regional_id(sim), lambda seen: len(seen) == len(everyone), within=90
    )
    report = await sim.appeals()
    assert len(report["appeals"]) == len(everyone)
    assert set(views) == set(everyone)
    assert sorted(row["external_number"] for row in await ucc_appeals()) == sorted(numbers)
    assert views[ours[0]]["status"] == views[pulled[0]["id"]]["status"] == "closed"
    assert {views[i]["distinct_updates"] for i in (ours[0], pulled[0]["id"])} == {4}
    received = await fetch(
        "SELECT count(*) AS n FROM exchange.outbox WHERE event_type = 'appeal.received'"
    )
    assert received[0]["n"] == len(numbers)
    period = {
        "from": (started - timedelta(days=1)).isoformat(),
        "to": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(),
    }
    reconciled = await exchange.post("/reconciliations", json=period, headers=SUPERVISOR)
    assert reconciled.json()["mismatches"] == []
    assert reconciled.json()["counts"]["matched"] == len(everyone)
