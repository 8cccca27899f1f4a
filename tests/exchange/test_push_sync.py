"""Push to the UCC over the real stack: every status change, in order, exactly once."""

from __future__ import annotations

import asyncio

from tests.exchange.helpers import (
    SUPERVISOR,
    answer_and_close,
    exchange_caught_up,
    push_jobs_settled,
    routed_appeals,
    sim_by_regional_id,
)
from tests.fakes.ucc_server import SimulatorControl
from tests.support.environment import eventually, fetch
from tests.support.stacks import InProcessStack

LIFECYCLE = ["routed", "in_work", "answered", "closed"]


async def test_every_status_change_reaches_the_ucc_after_the_card(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    [appeal_id] = await routed_appeals(exchange_stack, 1)

    await answer_and_close(exchange_stack, appeal_id)

    view = (
        await eventually(
            lambda: sim_by_regional_id(sim),
            lambda seen: seen.get(appeal_id, {}).get("status") == "closed",
        )
    )[appeal_id]
    assert view["origin"] == "region"
    assert view["outcome"] == "resolved_positively"
    assert view["ucc_status"] == "Закрито"
    assert view["ucc_sub_status"] == "Виконано"
    assert view["distinct_updates"] == len(LIFECYCLE)
    assert view["applied_updates"] == len(LIFECYCLE)
    jobs = await fetch(
        "SELECT kind, payload FROM exchange.push_job WHERE appeal_id::text = $1 "
        "ORDER BY created_at",
        appeal_id,
    )
    assert jobs[0]["kind"] == "appeal"
    updates = [job for job in jobs if job["kind"] == "update"]
    answered = [job for job in updates if '"answered"' in job["payload"]]
    assert answered and "Воду відновлено" in answered[0]["payload"]
    assert "ВХ-17/2026" in answered[0]["payload"]


async def test_lost_answers_and_5xx_leave_one_copy_of_everything(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    await sim.fault("fail", count=4, when="after")
    await sim.fault("fail", count=4, status_code=502)
    ids = await routed_appeals(exchange_stack, 4)
    await asyncio.gather(*(answer_and_close(exchange_stack, appeal_id) for appeal_id in ids))

    seen = await eventually(
        lambda: sim_by_regional_id(sim),
        lambda views: all(views.get(i, {}).get("status") == "closed" for i in ids),
    )
    report = await sim.appeals()
    assert len(report["appeals"]) == len(ids)
    assert {view["distinct_updates"] for view in seen.values()} == {len(LIFECYCLE)}
    await eventually(push_jobs_settled, bool)


async def test_a_refused_push_is_visible_held_back_and_resendable(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    [appeal_id] = await routed_appeals(exchange_stack, 1)
    await eventually(lambda: sim_by_regional_id(sim), lambda views: appeal_id in views)
    await eventually(lambda: exchange_caught_up([appeal_id]), bool)
    await sim.reset()  # the UCC loses the appeal: its updates are now refused with 404

    await answer_and_close(exchange_stack, appeal_id)

    failed = await eventually(
        lambda: exchange.get("/push-jobs", params={"state": "failed"}, headers=SUPERVISOR),
        lambda answer: len(answer.json()["items"]) == 1,
    )
    [job] = failed.json()["items"]
    assert job["appeal_id"] == appeal_id
    assert job["status"] == "in_work"
    assert "404" in job["last_error"]
    pending = await eventually(
        lambda: exchange.get("/push-jobs", params={"state": "pending"}, headers=SUPERVISOR),
        lambda answer: len(answer.json()["items"]) == 2,
    )
    # Both wait behind the refused job; which event the exchange took in first is not ordered.
    assert sorted(item["status"] for item in pending.json()["items"]) == ["answered", "closed"]

    resent = await exchange.post(f"/appeals/{appeal_id}/resend", headers=SUPERVISOR)

    assert resent.status_code == 202
    assert resent.json()["revived"] == 1
    view = (
        await eventually(
            lambda: sim_by_regional_id(sim),
            lambda views: views.get(appeal_id, {}).get("status") == "closed",
        )
    )[appeal_id]
    assert view["card"]["registration_number"].startswith("DP-")
    summary = await exchange.get("/push-jobs/summary", headers=SUPERVISOR)
    assert summary.json()["failed"] == 0


async def test_retrying_a_job_that_did_not_fail_is_refused(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    await routed_appeals(exchange_stack, 1)
    await eventually(push_jobs_settled, bool)
    done = await exchange.get("/push-jobs", params={"state": "done"}, headers=SUPERVISOR)
    job_id = done.json()["items"][0]["id"]

    again = await exchange.post(f"/push-jobs/{job_id}/retry", headers=SUPERVISOR)
    unknown = await exchange.post(
        "/push-jobs/00000000-0000-0000-0000-000000000000/retry", headers=SUPERVISOR
    )
    anonymous = await exchange.post(f"/push-jobs/{job_id}/retry")

    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert unknown.status_code == 404
    assert anonymous.status_code == 401


async def test_the_push_journal_pages_by_cursor(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    await routed_appeals(exchange_stack, 3)
    await eventually(push_jobs_settled, bool)

    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await exchange.get("/push-jobs", params=params, headers=SUPERVISOR)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = await fetch("SELECT id::text AS id FROM exchange.push_job")

    assert sorted(seen) == sorted(row["id"] for row in everything)
    bad = await exchange.get("/push-jobs", params={"cursor": "%%%"}, headers=SUPERVISOR)
    assert bad.status_code == 422
