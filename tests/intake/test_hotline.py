"""The hotline operator: oral appeals with call metadata, consultations, caller history."""

from __future__ import annotations

from typing import Any

from shared.auth import Role
from tests.intake.conftest import IntakeStack
from tests.support.appeals import appeal_states
from tests.support.environment import bearer, eventually, fetch

CALL = {
    "line": "0800505600",
    "caller_number": "+380671112233",
    "call_id": "pbx-000123",
    "started_at": "2025-03-03T09:15:00+02:00",
    "ended_at": "2025-03-03T09:21:30+02:00",
}


def oral_appeal(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "call": dict(CALL),
        "applicant": {
            "full_name": "Гребенюк Оксана Миколаївна",
            "address": {"settlement": "Дніпро", "street": "вул. Робоча", "house": "5"},
        },
        "text": "Третій день немає холодної води в будинку.",
        "topic_code": "009",
    }
    body.update(overrides)
    return body


async def test_an_oral_appeal_carries_the_call_and_is_registered(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    answer = await client.post(
        "/hotline/appeals",
        json=oral_appeal(),
        headers={**bearer(Role.OPERATOR, subject="operator-7"), "Idempotency-Key": "call-1"},
    )
    assert answer.status_code == 202, answer.text
    appeal_id = answer.json()["appeal_id"]

    rows = await fetch("SELECT channel, payload FROM intake.submission")
    assert len(rows) == 1
    assert rows[0]["channel"] == "hotline"
    await eventually(lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == "routed")
    registered = await fetch(
        "SELECT channel, confidential, details FROM registry.appeal WHERE id::text = $1",
        appeal_id,
    )
    assert registered[0]["channel"] == "hotline"
    assert registered[0]["confidential"] is False
    assert '"call_id": "pbx-000123"' in registered[0]["details"]
    assert '"recorded_by": "operator-7"' in registered[0]["details"]


async def test_a_repeated_submit_with_the_same_key_records_once(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    headers = {**bearer(Role.OPERATOR), "Idempotency-Key": "call-2"}
    first = await client.post("/hotline/appeals", json=oral_appeal(), headers=headers)
    second = await client.post("/hotline/appeals", json=oral_appeal(), headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(await fetch("SELECT id FROM intake.submission")) == 1
    assert len(await fetch("SELECT id FROM intake.outbox")) == 1


async def test_a_support_line_appeal_is_confidential_by_default(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    body = oral_appeal(call={**CALL, "line": "0800505085"})
    answer = await client.post("/hotline/appeals", json=body, headers=bearer(Role.OPERATOR))
    assert answer.status_code == 202
    appeal_id = answer.json()["appeal_id"]
    await eventually(lambda: appeal_states([appeal_id]), lambda s: bool(s.get(appeal_id)))
    registered = await fetch(
        "SELECT channel, confidential FROM registry.appeal WHERE id::text = $1", appeal_id
    )
    assert registered[0]["channel"] == "support_line"
    assert registered[0]["confidential"] is True


async def test_a_call_that_ends_before_it_starts_is_refused_naming_the_field(
    intake_stack: IntakeStack,
) -> None:
    body = oral_appeal(call={**CALL, "ended_at": "2025-03-03T09:00:00+02:00"})
    answer = await intake_stack.clients["intake"].post(
        "/hotline/appeals", json=body, headers=bearer(Role.OPERATOR)
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["field"] == "call"


async def test_an_unknown_line_and_missing_roles_are_refused(intake_stack: IntakeStack) -> None:
    client = intake_stack.clients["intake"]
    wrong_line = oral_appeal(call={**CALL, "line": "0800000000"})
    refused = await client.post("/hotline/appeals", json=wrong_line, headers=bearer(Role.OPERATOR))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "call.line"
    assert (await client.post("/hotline/appeals", json=oral_appeal())).status_code == 401
    analyst = await client.post(
        "/hotline/appeals", json=oral_appeal(), headers=bearer(Role.ANALYST)
    )
    assert analyst.status_code == 403


async def test_a_consultation_is_counted_but_never_becomes_an_appeal(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    answer = await client.post(
        "/hotline/consultations",
        json={
            "call": CALL,
            "topic_code": "009",
            "question": "Коли дадуть воду на Робочій?",
            "answer": "Аварійні роботи триватимуть до 18:00, графік на сайті водоканалу.",
        },
        headers={**bearer(Role.OPERATOR), "Idempotency-Key": "consult-1"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["channel"] == "hotline"
    events = await fetch("SELECT event_type FROM intake.outbox")
    assert [row["event_type"] for row in events] == ["consultation.recorded"]
    assert await fetch("SELECT id FROM intake.submission") == []
    stored = await fetch("SELECT topic_code, call_id FROM intake.consultation")
    assert [(row["topic_code"], row["call_id"]) for row in stored] == [("009", "pbx-000123")]


async def test_caller_history_says_clearly_when_the_registry_cannot_answer(
    intake_stack: IntakeStack,
) -> None:
    """The in-process registry listens on no port, so the registry client meets a refusal."""
    answer = await intake_stack.clients["intake"].get(
        "/hotline/callers/history",
        params={"phone": "+380671112233"},
        headers=bearer(Role.OPERATOR, subject="operator-7"),
    )
    assert answer.status_code == 503
    assert answer.json()["type"].endswith("/registry-unavailable")
    audit = await fetch("SELECT actor, action, target FROM intake.audit_log")
    assert [tuple(row) for row in audit] == [("operator-7", "caller_history", "+380671112233")]


async def test_caller_history_refuses_a_malformed_number(intake_stack: IntakeStack) -> None:
    answer = await intake_stack.clients["intake"].get(
        "/hotline/callers/history", params={"phone": "drop table"}, headers=bearer(Role.OPERATOR)
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "query.phone"
