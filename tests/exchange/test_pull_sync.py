"""Pull from the UCC over the real stack: each assigned appeal enters exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from exchange.app import ucc_client_from
from exchange.config import ExchangeSettings
from exchange.pull import AssignmentPuller
from shared.events import AppealAcceptedByBody
from tests.exchange.conftest import EXCHANGE_TEST_SETTINGS
from tests.exchange.helpers import (
    SUPERVISOR,
    answer_and_close,
    publish,
    registry_history,
    sim_by_regional_id,
    wait_status,
)
from tests.fakes.ucc_server import SimulatorControl
from tests.support.environment import eventually, fetch
from tests.support.stacks import InProcessStack


async def ucc_appeals() -> list[dict[str, Any]]:
    rows = await fetch(
        "SELECT id::text AS id, external_number, status, channel FROM registry.appeal "
        "WHERE channel = 'ucc' ORDER BY external_number"
    )
    return [dict(row) for row in rows]


APPLICANT = {
    "name": "Петренко Олена Іванівна",
    "address": "м. Дніпро, вул. Центральна, 5",
    "phone": "+380671234567",
}


async def assign(sim: SimulatorControl, count: int) -> list[str]:
    """Appeals taken by the 1545 line, with a name and an address (so they are considered)."""
    return [
        (
            await sim.assign(
                text=f"Не працює вуличне освітлення, опора {index}.", applicant=APPLICANT
            )
        )["ucc_number"]
        for index in range(count)
    ]


async def test_assigned_appeals_enter_once_whatever_the_feed_does(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    await sim.fault("duplicate", count=3)
    await sim.fault("reorder", count=3, seed=7)
    await sim.fault("cursor_rewind", count=2, rewind_by=2)
    await sim.fault("fail", count=2, when="after")
    numbers = await assign(sim, 8)

    entered = await eventually(ucc_appeals, lambda rows: len(rows) >= len(numbers))
    await eventually(
        lambda: sim.appeals(), lambda report: report["acknowledged_items"] == len(numbers)
    )

    assert sorted(row["external_number"] for row in entered) == sorted(numbers)
    assert [row["id"] for row in await ucc_appeals()] == [row["id"] for row in entered]
    linked = await eventually(
        lambda: sim_by_regional_id(sim), lambda views: len(views) == len(numbers)
    )
    assert {view["ucc_number"] for view in linked.values()} == set(numbers)
    assert {view["origin"] for view in linked.values()} == {"ucc_1545"}
    assert {row["id"] for row in entered} == set(linked)
    report = await sim.appeals()
    assert len(report["appeals"]) == len(numbers)
    assert all(view["accepted_at"] for view in report["appeals"])


async def test_two_pullers_at_once_double_nothing(
    exchange_stack: InProcessStack, sim: SimulatorControl, ucc_url: str
) -> None:
    runtime = exchange_stack.runtime("exchange")
    settings = ExchangeSettings(ucc_base_url=ucc_url, **EXCHANGE_TEST_SETTINGS)
    clients = [ucc_client_from(settings) for _ in range(2)]
    pullers = [
        AssignmentPuller(runtime.sessionmaker, runtime.outbox, client, settings)
        for client in clients
    ]
    numbers = await assign(sim, 10)
    await sim.fault("duplicate", count=4)
    await sim.fault("cursor_rewind", count=4, rewind_by=3)
    try:
        for _ in range(4):
            await asyncio.gather(*(puller.pull_round() for puller in pullers))
    finally:
        for client in clients:
            await client.aclose()

    entered = await eventually(ucc_appeals, lambda rows: len(rows) >= len(numbers))
    received = await fetch(
        "SELECT count(*) AS n FROM exchange.outbox WHERE event_type = 'appeal.received'"
    )
    links = await fetch("SELECT count(*) AS n FROM exchange.ucc_link WHERE origin = 'feed'")
    assert received[0]["n"] == len(numbers)
    assert links[0]["n"] == len(numbers)
    assert sorted(row["external_number"] for row in entered) == sorted(numbers)


async def test_callbacks_rework_and_info_requests_reach_the_appeal(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    [number] = await assign(sim, 1)
    [row] = await eventually(ucc_appeals, lambda rows: len(rows) == 1)
    appeal_id = row["id"]
    await wait_status(appeal_id, "routed")
    await answer_and_close(exchange_stack, appeal_id)
    await eventually(
        lambda: sim_by_regional_id(sim),
        lambda views: views.get(appeal_id, {}).get("status") == "closed",
    )

    await sim.callback(number, "partly", comment="Відповідь неповна")
    await sim.info_request(number, "Надайте копію акта обстеження.", "2026-12-15")
    await sim.rework(number, "Не зазначено строки ремонту")

    await wait_status(appeal_id, "returned_for_rework")
    history = await fetch(
        "SELECT to_status, actor, reason FROM registry.status_history "
        "WHERE appeal_id::text = $1 ORDER BY id",
        appeal_id,
    )
    assert (history[-1]["actor"], history[-1]["reason"]) == ("ucc", "Не зазначено строки ремонту")
    feedback = await fetch(
        "SELECT envelope FROM exchange.outbox WHERE event_type = 'appeal.feedback_received'"
    )
    assert len(feedback) == 1
    assert '"partly"' in feedback[0]["envelope"] and "ucc_callback" in feedback[0]["envelope"]
    requests = await exchange.get("/info-requests", headers=SUPERVISOR)
    [request] = requests.json()["items"]
    assert request["appeal_id"] == appeal_id
    assert request["payload"]["question"] == "Надайте копію акта обстеження."
    view = (
        await eventually(
            lambda: sim_by_regional_id(sim),
            lambda views: views.get(appeal_id, {}).get("status") == "returned_for_rework",
        )
    )[appeal_id]
    assert view["ucc_status"] == "На доопрацюванні"
    assert "returned_for_rework" in await registry_history(appeal_id)


async def test_status_changes_of_a_pulled_appeal_go_back_to_the_ucc(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    [number] = await assign(sim, 1)
    [row] = await eventually(ucc_appeals, lambda rows: len(rows) == 1)
    await wait_status(row["id"], "routed")

    await publish(
        exchange_stack,
        row["id"],
        AppealAcceptedByBody(
            body_code="council-dnipro", accepted_by="officer", accepted_at=datetime.now(UTC)
        ),
    )

    views = await eventually(
        lambda: sim_by_regional_id(sim),
        lambda seen: seen.get(row["id"], {}).get("status") == "in_work",
    )
    assert views[row["id"]]["ucc_number"] == number
    assert len((await sim.appeals())["appeals"]) == 1


async def test_repull_brings_in_an_appeal_the_cursor_skipped(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    await eventually(lambda: fetch("SELECT cursor FROM exchange.sync_cursor"), bool)
    await fetch("UPDATE exchange.sync_cursor SET cursor = '999999'")
    [number] = await assign(sim, 1)
    assert (await exchange.post("/pull", headers=SUPERVISOR)).json()["items"] == {}

    again = await exchange.post(f"/ucc-appeals/{number}/repull", headers=SUPERVISOR)
    twice = await exchange.post(f"/ucc-appeals/{number}/repull", headers=SUPERVISOR)

    assert again.status_code == 200, again.text
    assert again.json()["created"] is True
    assert again.json()["known_to_ucc"] is True
    assert twice.json()["created"] is False
    assert twice.json()["items"] == {"duplicate": 1}
    [row] = await eventually(ucc_appeals, lambda rows: len(rows) == 1)
    assert row["external_number"] == number
    unknown = await exchange.post("/ucc-appeals/UCC-2026-999999/repull", headers=SUPERVISOR)
    assert unknown.json()["known_to_ucc"] is False
