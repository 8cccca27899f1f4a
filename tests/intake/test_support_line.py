"""The psychological-support line: calls, transfers to a psychologist, who may read them."""

from __future__ import annotations

from shared.auth import Role
from tests.intake.conftest import IntakeStack
from tests.support.environment import bearer, fetch

CALL = {
    "call_id": "pbx-085-77",
    "caller_number": "+380501234567",
    "started_at": "2025-03-03T22:05:00+02:00",
    "ended_at": "2025-03-03T22:31:00+02:00",
    "caller_category": "veteran",
    "summary": "Ветеран, безсоння після повернення з фронту, просить розмови з психологом.",
}


async def test_a_call_and_its_transfer_are_recorded_and_read_back_by_a_supervisor(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    operator = bearer(Role.OPERATOR, subject="operator-3")
    call = await client.post(
        "/support-line/calls", json=CALL, headers={**operator, "Idempotency-Key": "c-1"}
    )
    assert call.status_code == 201, call.text
    call_id = call.json()["support_call_id"]
    transfer = await client.post(
        f"/support-line/calls/{call_id}/transfers",
        json={
            "psychologist": "Психолог Мельник І. В.",
            "transferred_at": "2025-03-03T22:12:00+02:00",
            "outcome": "connected",
        },
        headers=operator,
    )
    assert transfer.status_code == 201, transfer.text

    page = await client.get("/support-line/calls", headers=bearer(Role.SUPERVISOR, subject="s-1"))
    assert page.status_code == 200
    [item] = page.json()["items"]
    assert item["summary"] == CALL["summary"]
    assert [(t["psychologist"], t["outcome"], t["recorded_by"]) for t in item["transfers"]] == [
        ("Психолог Мельник І. В.", "connected", "operator-3")
    ]
    audit = await fetch("SELECT actor, action FROM intake.audit_log")
    assert [tuple(row) for row in audit] == [("s-1", "support_calls_read")]


async def test_support_line_records_are_hidden_from_operators_and_analysts(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    for role in (Role.OPERATOR, Role.ANALYST, Role.BODY_OFFICER):
        answer = await client.get("/support-line/calls", headers=bearer(role))
        assert answer.status_code == 403, role


async def test_a_transfer_of_an_unknown_call_is_not_found(intake_stack: IntakeStack) -> None:
    answer = await intake_stack.clients["intake"].post(
        "/support-line/calls/7d1a3f1e-0000-4000-8000-000000000000/transfers",
        json={
            "psychologist": "Психолог Мельник І. В.",
            "transferred_at": "2025-03-03T22:12:00+02:00",
            "outcome": "no_answer",
        },
        headers=bearer(Role.OPERATOR),
    )
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_the_call_list_pages_by_cursor_without_gaps_or_repeats(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    for index in range(5):
        body = {**CALL, "call_id": f"pbx-{index}"}
        assert (
            await client.post("/support-line/calls", json=body, headers=bearer(Role.OPERATOR))
        ).status_code == 201
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get("/support-line/calls", params=params, headers=bearer(Role.SUPERVISOR))
        ).json()
        seen.extend(item["call_id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == [f"pbx-{index}" for index in range(5)]
    broken = await client.get(
        "/support-line/calls", params={"cursor": "not-a-cursor"}, headers=bearer(Role.SUPERVISOR)
    )
    assert broken.status_code == 422
