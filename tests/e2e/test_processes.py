"""The five services as separate processes over the real broker and database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.support.appeals import appeal_body, appeal_states, deadline_count
from tests.support.environment import SYSTEM_API_KEY, eventually, fetch
from tests.support.stacks import ProcessStack


@pytest.fixture
async def processes(
    clean_database: None, bus_prefix: str, ucc_url: str
) -> AsyncIterator[ProcessStack]:
    stack = ProcessStack(bus_prefix, ucc_url)
    try:
        await stack.start_all()
        yield stack
    finally:
        stack.stop_all()


async def post_many(intake_url: str, count: int, *, start: int = 0) -> list[str]:
    """Post `count` appeals with 16 in flight; return their appeal ids."""
    semaphore = asyncio.Semaphore(16)
    headers = {"X-Api-Key": SYSTEM_API_KEY}

    async with httpx.AsyncClient(base_url=intake_url, timeout=30) as client:

        async def one(index: int) -> str:
            async with semaphore:
                answer = await client.post(
                    "/appeals",
                    json=appeal_body(index),
                    headers={**headers, "Idempotency-Key": f"e2e-{index}"},
                )
                assert answer.status_code == 202, answer.text
                return str(answer.json()["appeal_id"])

        return list(await asyncio.gather(*(one(i) for i in range(start, start + count))))


async def simulator_appeals(ucc_url: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        return dict((await client.get(f"{ucc_url}/_sim/appeals")).json())


async def test_hundred_appeals_are_routed_watched_and_pushed_once(
    processes: ProcessStack, ucc_url: str
) -> None:
    ids = await post_many(processes.url("intake"), 100)

    states = await eventually(
        lambda: appeal_states(ids), lambda s: len(s) == 100 and set(s.values()) == {"routed"}
    )
    assert len(states) == 100
    assert await eventually(lambda: deadline_count(ids), lambda n: n == 100) == 100

    view = await eventually(lambda: simulator_appeals(ucc_url), lambda v: len(v["appeals"]) >= 100)
    pushed = [appeal["regional_id"] for appeal in view["appeals"]]
    assert sorted(pushed) == sorted(ids), "every appeal pushed, none twice"


async def test_registry_killed_mid_flow_loses_and_doubles_nothing(
    processes: ProcessStack,
) -> None:
    posting = asyncio.create_task(post_many(processes.url("intake"), 500))
    await eventually(
        lambda: fetch("SELECT count(*) AS n FROM registry.appeal"),
        lambda rows: rows[0]["n"] >= 50,
        every=0.05,
    )
    processes.kill("registry")
    ids = await posting
    processes.start("registry")
    await processes.wait_ready("registry")

    states = await eventually(
        lambda: appeal_states(ids),
        lambda s: len(s) == 500 and set(s.values()) == {"routed"},
        within=120,
    )
    assert len(states) == 500
    numbers = await fetch(
        "SELECT count(*) AS n, count(DISTINCT registration_number) AS distinct_numbers "
        "FROM registry.appeal"
    )
    assert numbers[0]["n"] == 500
    assert numbers[0]["distinct_numbers"] == 500
    histories = await fetch(
        "SELECT appeal_id, count(*) AS n FROM registry.status_history "
        "GROUP BY appeal_id HAVING count(*) <> 3"
    )
    assert histories == [], "each appeal: received, registered, routed — once each"
