"""Pushing appeals to a body's webhook that fails, hangs, answers slowly or sees a retry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.body_webhook import BodyWebhook, running_body_webhook
from tests.router.conftest import RouterTestStack, routing_of, wait_status
from tests.support.appeals import post_appeal
from tests.support.environment import bearer, eventually

SECRET = "webhook-secret-for-tests-0123456789abcdef"
ADMIN = bearer("admin")
SUPERVISOR = bearer("supervisor")


@pytest.fixture
def webhook() -> Iterator[BodyWebhook]:
    with running_body_webhook(BodyWebhook(secret=SECRET)) as running:
        yield running


async def _point_dnipro_council_at(stack: RouterTestStack, webhook: BodyWebhook) -> None:
    changed = await stack.router.patch(
        "/bodies/council-dnipro",
        json={"delivery": {"method": "webhook", "url": webhook.url, "secret": SECRET}},
        headers=ADMIN,
    )
    assert changed.status_code == 200, changed.text


async def _deliveries(stack: RouterTestStack, appeal_id: str) -> list[dict[str, object]]:
    jobs: list[dict[str, object]] = (await routing_of(stack, appeal_id))["deliveries"]
    return jobs


async def _route_one(stack: RouterTestStack, index: int) -> str:
    posted = await post_appeal(stack.clients["intake"], index, topic_code="009")
    appeal_id: str = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    routed = await routing_of(stack, appeal_id)
    assert routed["lead_body_code"] == "council-dnipro"
    return appeal_id


async def test_failures_and_a_hang_are_retried_with_one_delivery_id(
    router_stack: RouterTestStack, webhook: BodyWebhook
) -> None:
    await _point_dnipro_council_at(router_stack, webhook)
    webhook.script = ["fail", "hang", "slow"]
    appeal_id = await _route_one(router_stack, 1)

    jobs = await eventually(
        lambda: _deliveries(router_stack, appeal_id), lambda j: j[0]["status"] == "delivered"
    )
    assert jobs[0]["attempts"] == 2
    assert webhook.distinct_deliveries() == {jobs[0]["delivery_id"]}
    assert [r.attempt for r in webhook.received] == [2, 3]
    assert all(r.signature_valid for r in webhook.received)
    payload = webhook.received[-1].payload
    assert payload["appeal_id"] == appeal_id
    assert payload["role"] == "lead"
    assert payload["applicant"]["full_name"].startswith("Коваленко")
    assert payload["forward_by"] <= payload["due_date"]


async def test_a_dead_delivery_is_shown_to_the_supervisor_and_retried(
    router_stack: RouterTestStack, webhook: BodyWebhook
) -> None:
    await _point_dnipro_council_at(router_stack, webhook)
    webhook.default = "fail"
    appeal_id = await _route_one(router_stack, 2)

    dead = await eventually(
        lambda: _deliveries(router_stack, appeal_id), lambda j: j[0]["status"] == "dead"
    )
    assert dead[0]["attempts"] == 4
    assert "HTTP 500" in str(dead[0]["last_error"])
    listed = await router_stack.router.get("/deliveries?status=dead", headers=SUPERVISOR)
    assert [item["appeal_id"] for item in listed.json()["items"]] == [appeal_id]

    webhook.default = "ok"
    retried = await router_stack.router.post(
        f"/deliveries/{dead[0]['delivery_id']}/retry", headers=SUPERVISOR
    )
    assert retried.status_code == 200, retried.text
    await eventually(
        lambda: _deliveries(router_stack, appeal_id), lambda j: j[0]["status"] == "delivered"
    )
    assert webhook.distinct_deliveries() == {dead[0]["delivery_id"]}
    again = await router_stack.router.post(
        f"/deliveries/{dead[0]['delivery_id']}/retry", headers=SUPERVISOR
    )
    assert again.status_code == 409


async def test_a_confidential_appeal_reaches_the_body_without_the_applicant(
    router_stack: RouterTestStack, webhook: BodyWebhook
) -> None:
    await _point_dnipro_council_at(router_stack, webhook)
    posted = await post_appeal(
        router_stack.clients["intake"], 3, topic_code="009", confidential=True
    )
    appeal_id = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    await eventually(lambda: _received(webhook), lambda n: n == 1)
    payload = webhook.received[0].payload
    assert payload["confidential"] is True
    assert payload["applicant"] is None
    assert "Коваленко" not in str(payload)


async def _received(webhook: BodyWebhook) -> int:
    return len(webhook.received)
