"""Preliminary review: topic suggestion, the triage queue, reference answers, call-backs."""

from __future__ import annotations

import asyncio

from tests.router.conftest import RouterTestStack, routing_of, wait_status
from tests.support.appeals import post_appeal
from tests.support.environment import bearer, eventually, fetch

SUPERVISOR = bearer("supervisor", subject="supervisor-iryna")
OPERATOR = bearer("operator")


async def _model_ready(stack: RouterTestStack) -> None:
    await asyncio.wait_for(stack.context().topics.ready.wait(), 120)


async def _triage(stack: RouterTestStack) -> list[dict[str, object]]:
    items: list[dict[str, object]] = (await stack.router.get("/triage", headers=SUPERVISOR)).json()[
        "items"
    ]
    return items


async def test_a_clear_text_is_routed_by_its_suggested_topic(
    router_stack: RouterTestStack,
) -> None:
    await _model_ready(router_stack)
    text = "Третій день немає холодної води в будинку, у крані сухо, водоканал не відповідає."
    suggested = await router_stack.router.post(
        "/topics/suggest", json={"text": text}, headers=OPERATOR
    )
    top = suggested.json()["suggestions"]
    assert len(top) == 3 and top[0]["confidence"] >= top[1]["confidence"]
    posted = await post_appeal(router_stack.clients["intake"], 21, topic_code=None, text=text)
    appeal_id = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    view = await routing_of(router_stack, appeal_id)
    assert view["topic_source"] == "model"
    assert view["topic_code"] == top[0]["topic_code"]
    assert view["model_version"] == suggested.json()["model_version"]


async def test_an_unclear_text_waits_for_a_supervisor_whose_override_is_recorded(
    router_stack: RouterTestStack,
) -> None:
    await _model_ready(router_stack)
    posted = await post_appeal(
        router_stack.clients["intake"], 22, topic_code=None, text="Прошу допомогти, дуже треба."
    )
    appeal_id = posted.json()["appeal_id"]
    queue = await eventually(lambda: _triage(router_stack), lambda items: len(items) == 1)
    assert queue[0]["appeal_id"] == appeal_id
    assert queue[0]["reason"] == "no_topic"
    assert len(queue[0]["suggestions"]) == 3  # type: ignore[arg-type]
    suggested = queue[0]["suggestions"][0]["topic_code"]  # type: ignore[index]
    chosen = "012" if suggested != "012" else "009"

    refused = await router_stack.router.post(
        f"/triage/{appeal_id}/decide", json={"topic_code": chosen}, headers=OPERATOR
    )
    assert refused.status_code == 403
    decided = await router_stack.router.post(
        f"/triage/{appeal_id}/decide", json={"topic_code": chosen}, headers=SUPERVISOR
    )
    assert decided.status_code == 200, decided.text
    await wait_status(appeal_id, "routed")
    assert await _triage(router_stack) == []
    rows = await fetch(
        "SELECT decided_by, decided_topic_code, overrode_suggestion, model_version "
        "FROM router.triage_item WHERE appeal_id::text = $1",
        appeal_id,
    )
    assert dict(rows[0]) == {
        "decided_by": "supervisor-iryna",
        "decided_topic_code": chosen,
        "overrode_suggestion": True,
        "model_version": router_stack.context().topics.version,
    }
    twice = await router_stack.router.post(
        f"/triage/{appeal_id}/decide", json={"topic_code": chosen}, headers=SUPERVISOR
    )
    assert twice.status_code == 409


async def test_reference_answers_expire_and_resolve_an_appeal_on_contact(
    router_stack: RouterTestStack,
) -> None:
    client = router_stack.router
    article = {
        "question": "Як отримати субсидію на оплату житлово-комунальних послуг?",
        "answer": "Заяву на субсидію подають через ЦНАП або портал «Дія».",
        "topic_code": "006",
        "valid_from": "2024-01-01",
        "source": "Постанова КМУ № 848 від 21.10.1995",
    }
    created = await client.post("/knowledge", json=article, headers=SUPERVISOR)
    assert created.status_code == 201, created.text
    expired = await client.post(
        "/knowledge",
        json={**article, "answer": "Старий порядок.", "valid_to": "2024-12-31"},
        headers=SUPERVISOR,
    )
    found = await client.get("/knowledge", params={"q": "субсидію ЦНАП"}, headers=OPERATOR)
    assert [a["id"] for a in found.json()] == [created.json()["id"]]
    everything = await client.get(
        "/knowledge", params={"q": "субсидія", "include_expired": "true"}, headers=OPERATOR
    )
    assert len(everything.json()) == 2
    nothing = await client.get("/knowledge", params={"q": "пенсія"}, headers=OPERATOR)
    assert nothing.json() == []

    posted = await post_appeal(
        router_stack.clients["intake"], 23, topic_code=None, text="Скажіть, будь ласка."
    )
    appeal_id = posted.json()["appeal_id"]
    await eventually(lambda: _triage(router_stack), lambda items: len(items) == 1)
    stale = await client.post(
        f"/appeals/{appeal_id}/resolve-on-contact",
        json={"article_id": expired.json()["id"]},
        headers=OPERATOR,
    )
    assert stale.status_code == 409
    resolved = await client.post(
        f"/appeals/{appeal_id}/resolve-on-contact",
        json={"article_id": created.json()["id"]},
        headers=OPERATOR,
    )
    assert resolved.status_code == 200, resolved.text
    await wait_status(appeal_id, "resolved_on_contact")


async def test_a_hotline_answer_becomes_a_call_back_task(router_stack: RouterTestStack) -> None:
    posted = await post_appeal(router_stack.clients["intake"], 24, topic_code="009")
    appeal_id = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    lead = (await routing_of(router_stack, appeal_id))["lead_body_code"]
    answered = await router_stack.router.post(
        f"/appeals/{appeal_id}/answer",
        json={"text": "Воду подано.", "outcome": "resolved_positively", "signed_by": "Директор"},
        headers=bearer("body_officer", body_code=lead),
    )
    assert answered.status_code == 200, answered.text
    tasks = (await router_stack.router.get("/callbacks", headers=OPERATOR)).json()["items"]
    assert [(t["appeal_id"], t["recipient"]) for t in tasks] == [(appeal_id, "+380670000024")]
    done = await router_stack.router.post(f"/callbacks/{tasks[0]['id']}/done", headers=OPERATOR)
    assert done.json()["status"] == "done"
    assert (await router_stack.router.get("/callbacks", headers=OPERATOR)).json()["items"] == []
    assert router_stack.smtp.messages == []
