"""The walking skeleton over the real broker and database, services in this process."""

from __future__ import annotations

import asyncio

import httpx

from tests.support.appeals import appeal_states, deadline_count, post_appeal
from tests.support.environment import bearer, eventually
from tests.support.stacks import InProcessStack


async def test_an_appeal_is_registered_routed_watched_and_pushed(
    stack: InProcessStack, ucc_url: str
) -> None:
    posted = await post_appeal(stack.clients["intake"], 1, topic_code="009")
    assert posted.status_code == 202
    appeal_id = posted.json()["appeal_id"]

    await eventually(lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == "routed")
    answer = await stack.clients["registry"].get(
        f"/appeals/{appeal_id}", headers=bearer("operator")
    )
    assert answer.status_code == 200
    record = answer.json()
    assert record["registration_number"].startswith("DP-")
    assert [h["to_status"] for h in record["history"]] == ["received", "registered", "routed"]
    assert record["body_code"] == "council-dnipro"
    assert record["due_date"] is not None

    deadlines = await stack.clients["monitoring"].get("/deadlines", headers=bearer("supervisor"))
    assert [d["appeal_id"] for d in deadlines.json()] == [appeal_id]
    assert deadlines.json()[0]["due_date"] == record["due_date"]

    async def simulator_view() -> dict[str, object]:
        async with httpx.AsyncClient() as client:
            return dict((await client.get(f"{ucc_url}/_sim/appeals")).json())

    seen = await eventually(simulator_view, lambda view: len(view["appeals"]) == 1)  # type: ignore[arg-type]
    pushed = seen["appeals"][0]  # type: ignore[index]
    assert pushed["card"]["registration_number"] == record["registration_number"]


async def test_many_appeals_flow_without_loss(stack: InProcessStack) -> None:
    answers = await asyncio.gather(*(post_appeal(stack.clients["intake"], i) for i in range(50)))
    ids = [answer.json()["appeal_id"] for answer in answers]
    states = await eventually(
        lambda: appeal_states(ids),
        lambda s: len(s) == 50 and set(s.values()) == {"routed"},
    )
    assert len(states) == 50
    assert await deadline_count(ids) == 50
