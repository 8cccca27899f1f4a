"""The bodies' side: extensions within Art. 20, redirects under Art. 7, co-executors' parts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.router.conftest import RouterTestStack, routing_of, wait_status
from tests.support.appeals import post_appeal
from tests.support.environment import bearer, eventually, fetch

ADMIN = bearer("admin")


async def _routed(
    stack: RouterTestStack, index: int, **overrides: Any
) -> tuple[str, dict[str, Any]]:
    posted = await post_appeal(stack.clients["intake"], index, **overrides)
    appeal_id: str = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    return appeal_id, await routing_of(stack, appeal_id)


async def test_an_extension_past_45_days_is_refused_and_a_lawful_one_moves_the_due_date(
    router_stack: RouterTestStack,
) -> None:
    appeal_id, routed = await _routed(router_stack, 11, topic_code="009")
    officer = bearer("body_officer", body_code=routed["lead_body_code"])
    received_on = date.fromisoformat(routed["received_on"])
    request = {
        "reason": "Потрібне обстеження мереж спільно з підрядником.",
        "new_due_date": (received_on + timedelta(days=46)).isoformat(),
        "applicant_notified_at": "2026-05-04T10:00:00+03:00",
        "notification_proof": "лист № 12/345",
        "extended_by": "Заступник голови П. Іваненко",
    }
    refused = await router_stack.router.post(
        f"/appeals/{appeal_id}/extension", json=request, headers=officer
    )
    assert refused.status_code == 422
    assert refused.json()["refusal_code"] == "past_ceiling"
    assert "сорока п’яти днів" in refused.json()["detail"]
    not_told = await router_stack.router.post(
        f"/appeals/{appeal_id}/extension",
        json={**request, "applicant_notified_at": None},
        headers=officer,
    )
    assert not_told.json()["refusal_code"] == "applicant_not_notified"

    lawful = (received_on + timedelta(days=45)).isoformat()
    granted = await router_stack.router.post(
        f"/appeals/{appeal_id}/extension",
        json={**request, "new_due_date": lawful},
        headers=officer,
    )
    assert granted.status_code == 200, granted.text
    await wait_status(appeal_id, "extended")
    rows = await fetch("SELECT due_date FROM registry.appeal WHERE id::text = $1", appeal_id)
    assert rows[0]["due_date"].isoformat() == lawful

    stranger = bearer("body_officer", body_code="oda-health")
    foreign = await router_stack.router.post(
        f"/appeals/{appeal_id}/extension", json=request, headers=stranger
    )
    assert foreign.status_code == 404


async def test_a_redirect_reroutes_by_the_rules_without_the_redirecting_body(
    router_stack: RouterTestStack,
) -> None:
    appeal_id, routed = await _routed(router_stack, 12, topic_code="009")
    first = routed["lead_body_code"]
    officer = bearer("body_officer", body_code=first)
    answer = await router_stack.router.post(
        f"/appeals/{appeal_id}/redirect",
        json={"reason": "Мережі належать іншому балансоутримувачу."},
        headers=officer,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["forwarded_in_time"] is True

    async def lead() -> str | None:
        code: str | None = (await routing_of(router_stack, appeal_id))["lead_body_code"]
        return code

    second = await eventually(lead, lambda code: code not in (None, first))
    await wait_status(appeal_id, "routed")
    history = await fetch(
        "SELECT to_status FROM registry.status_history WHERE appeal_id::text = $1 ORDER BY id",
        appeal_id,
    )
    assert [row["to_status"] for row in history][-2:] == ["redirected", "routed"]
    view = await routing_of(router_stack, appeal_id)
    assert view["excluded_body_codes"] == [first]
    statuses = {a["body_code"]: a["status"] for a in view["assignments"]}
    assert statuses[first] == "redirected"
    assert statuses[second] == "assigned"
    again = await router_stack.router.post(
        f"/appeals/{appeal_id}/answer",
        json={"text": "Текст", "outcome": "explained", "signed_by": "Посадова особа"},
        headers=officer,
    )
    assert again.status_code == 409


async def test_co_executors_answer_the_lead_and_only_the_lead_moves_the_status(
    router_stack: RouterTestStack,
) -> None:
    appeal_id, routed = await _routed(router_stack, 13, topic_code="006", channel="support_line")
    co_executors = [a for a in routed["assignments"] if a["role"] == "co_executor"]
    assert co_executors, routed
    co_officer = bearer("body_officer", body_code=co_executors[0]["body_code"])
    part = await router_stack.router.post(
        f"/appeals/{appeal_id}/answer",
        json={
            "text": "Надано довідку про виплати.",
            "outcome": "explained",
            "signed_by": "Начальник відділу",
        },
        headers=co_officer,
    )
    assert part.status_code == 200, part.text
    assert part.json()["role"] == "co_executor"
    extension = await router_stack.router.post(
        f"/appeals/{appeal_id}/extension",
        json={
            "reason": "x",
            "new_due_date": routed["due_date"],
            "applicant_notified_at": "2026-05-04T10:00:00+03:00",
            "extended_by": "Начальник відділу",
        },
        headers=co_officer,
    )
    assert extension.status_code == 403
    states = await fetch("SELECT status FROM registry.appeal WHERE id::text = $1", appeal_id)
    assert states[0]["status"] == "routed"
