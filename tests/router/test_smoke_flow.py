"""An appeal from registration to the body's answer and back to the applicant."""

from __future__ import annotations

from tests.router.conftest import RouterTestStack, routing_of, wait_status
from tests.support.appeals import post_appeal
from tests.support.environment import bearer, eventually, fetch

ADMIN = bearer("admin")


async def test_pull_acknowledge_answer_notify_rework_and_close(
    router_stack: RouterTestStack,
) -> None:
    stack = router_stack
    posted = await post_appeal(
        stack.clients["intake"],
        7,
        topic_code="009",
        channel="web",
        applicant={
            "full_name": "Коваленко Олена Петрівна",
            "email": "olena@example.org",
            "address": {"hromada": "UA12-dnipro-city", "settlement": "Дніпро"},
        },
    )
    assert posted.status_code == 202, posted.text
    appeal_id = posted.json()["appeal_id"]
    await wait_status(appeal_id, "routed")
    routed = await routing_of(stack, appeal_id)
    lead = routed["lead_body_code"]
    assert routed["status"] == "routed"

    key = (await stack.router.post(f"/bodies/{lead}/pull-key", headers=ADMIN)).json()["api_key"]
    body_system = {"X-Body-Key": key}
    pulled = await stack.router.get("/bodies/me/appeals", headers=body_system)
    assert pulled.status_code == 200, pulled.text
    items = pulled.json()["items"]
    assert [item["appeal_id"] for item in items] == [appeal_id]
    delivery_id = items[0]["delivery_id"]
    acked = await stack.router.post(f"/bodies/me/appeals/{delivery_id}/ack", headers=body_system)
    assert acked.json()["already_acknowledged"] is False
    again = await stack.router.post(f"/bodies/me/appeals/{delivery_id}/ack", headers=body_system)
    assert again.json()["already_acknowledged"] is True
    assert (await stack.router.get("/bodies/me/appeals", headers=body_system)).json()["items"] == []

    officer = bearer("body_officer", body_code=lead)
    accepted = await stack.router.post(f"/appeals/{appeal_id}/acknowledge", headers=officer)
    assert accepted.status_code == 200, accepted.text
    await wait_status(appeal_id, "in_work")

    answer = {
        "text": "Водопостачання відновлено 12 числа після заміни засувки.",
        "outcome": "resolved_positively",
        "signed_by": "Директор департаменту І. Петренко",
        "attachments": [
            {"file_name": "act.pdf", "media_type": "application/pdf", "size_bytes": 1200}
        ],
    }
    answered = await stack.router.post(
        f"/appeals/{appeal_id}/answer", json=answer, headers={**officer, "Idempotency-Key": "a1"}
    )
    assert answered.status_code == 200, answered.text
    replay = await stack.router.post(
        f"/appeals/{appeal_id}/answer", json=answer, headers={**officer, "Idempotency-Key": "a1"}
    )
    assert replay.json() == answered.json()
    await wait_status(appeal_id, "answered")

    await eventually(lambda: _mail_count(stack), lambda n: n == 1)
    mail = stack.smtp.messages[0]
    assert mail["To"] == "olena@example.org"
    assert "Водопостачання відновлено" in mail.get_content()

    rework = await stack.router.post(
        f"/appeals/{appeal_id}/return-for-rework",
        json={"reason": "Не вказано строк заміни труб."},
        headers=bearer("supervisor"),
    )
    assert rework.status_code == 200, rework.text
    await wait_status(appeal_id, "returned_for_rework")
    second = await stack.router.post(
        f"/appeals/{appeal_id}/answer",
        json={**answer, "text": "Труби замінять до 1 червня."},
        headers=officer,
    )
    assert second.status_code == 200, second.text
    await wait_status(appeal_id, "answered")
    closed = await stack.router.post(
        f"/appeals/{appeal_id}/close", json={}, headers=bearer("supervisor")
    )
    assert closed.json()["outcome"] == "resolved_positively"
    await wait_status(appeal_id, "closed")
    delivered = await fetch(
        "SELECT count(*) AS n FROM router.outbox WHERE event_type = 'appeal.delivered'"
    )
    assert delivered[0]["n"] == 1


async def _mail_count(stack: RouterTestStack) -> int:
    return len(stack.smtp.messages)
