"""Lifecycle: people's decisions with reasons, 409 on illegal moves, events out of order."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from shared.consumers import NotReadyYet
from shared.events import (
    AppealAcceptedByBody,
    AppealAnswered,
    AppealClosed,
    AppealRouted,
    make_envelope,
)
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import bearer, fetch

NOW = datetime.now(UTC)


def routed(body: str = "council-dnipro") -> AppealRouted:
    today = date.today()
    return AppealRouted(
        body_code=body, received_on=today, due_date=today + timedelta(days=30), rule_id="r1"
    )


def accepted() -> AppealAcceptedByBody:
    return AppealAcceptedByBody(body_code="council-dnipro", accepted_by="clerk", accepted_at=NOW)


def answered() -> AppealAnswered:
    return AppealAnswered(
        body_code="council-dnipro",
        outcome="explained",
        answer_text="Роз'яснено.",
        signed_by="head",
        answered_at=NOW,
    )


def closed() -> AppealClosed:
    return AppealClosed(outcome="explained", closed_by="supervisor", closed_at=NOW)


async def state(appeal_id: uuid.UUID) -> tuple[str, int]:
    rows = await fetch(
        "SELECT a.status, (SELECT count(*) FROM registry.status_history h "
        "WHERE h.appeal_id = a.id) AS changes FROM registry.appeal a WHERE a.id = $1",
        appeal_id,
    )
    return rows[0]["status"], int(rows[0]["changes"])


async def test_a_supervisor_records_not_considered_with_its_art8_ground(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await registry.register()
    answer = await registry.client.post(
        f"/appeals/{appeal_id}/decisions",
        json={
            "decision": "not_considered",
            "reason_code": "essence_unclear",
            "reason": "Зі змісту неможливо встановити суть питання.",
        },
        headers=bearer("supervisor", subject="sup-1"),
    )
    assert answer.status_code == 201, answer.text
    decision = answer.json()
    assert decision["status"] == "not_considered"
    card = (await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))).json()
    assert card["not_considered_reason"] == "essence_unclear"
    last = card["history"][-1]
    assert last["actor"] == "sup-1"
    assert (last["from_status"], last["to_status"]) == ("registered", "not_considered")
    assert last["reason"].startswith("essence_unclear:")
    assert last["source_event_id"] == decision["decision_id"]


async def test_an_illegal_decision_is_409_and_changes_nothing(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register()
    before = await state(appeal_id)
    answer = await registry.client.post(
        f"/appeals/{appeal_id}/decisions",
        json={"decision": "close", "outcome": "explained", "reason": "Закрити одразу."},
        headers=bearer("supervisor"),
    )
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["current_status"] == "registered"
    assert await state(appeal_id) == before


async def test_a_repeated_decision_is_409_not_silently_ignored(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await registry.register()
    body = {"decision": "returned_to_applicant", "reason": "Не вказано суть звернення."}
    first = await registry.client.post(
        f"/appeals/{appeal_id}/decisions", json=body, headers=bearer("operator")
    )
    second = await registry.client.post(
        f"/appeals/{appeal_id}/decisions", json=body, headers=bearer("operator")
    )
    assert (first.status_code, second.status_code) == (201, 409)


async def test_the_same_idempotency_key_replays_the_decision(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register()
    body = {"decision": "forwarded", "reason": "Надіслано за належністю до ГУ ДПС."}
    headers = {**bearer("operator"), "Idempotency-Key": "decision-1"}
    first = await registry.client.post(
        f"/appeals/{appeal_id}/decisions", json=body, headers=headers
    )
    again = await registry.client.post(
        f"/appeals/{appeal_id}/decisions", json=body, headers=headers
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert await state(appeal_id) == ("forwarded", 3)


async def test_an_operator_may_not_close_or_leave_unconsidered(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await registry.register()
    answer = await registry.client.post(
        f"/appeals/{appeal_id}/decisions",
        json={"decision": "not_considered", "reason_code": "incapable", "reason": "Рішення суду."},
        headers=bearer("operator"),
    )
    assert answer.status_code == 403
    assert (await state(appeal_id))[0] == "registered"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "not_considered", "reason": "Без підстави."}, "reason_code"),
        ({"decision": "close", "reason": "Без результату."}, "outcome"),
        (
            {"decision": "not_considered", "reason_code": "lazy", "reason": "Хибна підстава."},
            "reason_code",
        ),
        ({"decision": "forwarded"}, "reason"),
    ],
)
async def test_a_decision_without_what_it_needs_names_the_field(
    registry: RegistryUnderTest, body: dict[str, str], field: str
) -> None:
    appeal_id = await registry.register()
    answer = await registry.client.post(
        f"/appeals/{appeal_id}/decisions", json=body, headers=bearer("supervisor")
    )
    assert answer.status_code == 422
    assert field in {error["field"] for error in answer.json()["errors"]}


async def test_a_decision_on_an_unknown_appeal_is_404(registry: RegistryUnderTest) -> None:
    answer = await registry.client.post(
        f"/appeals/{uuid.uuid4()}/decisions",
        json={"decision": "forwarded", "reason": "Надіслано за належністю."},
        headers=bearer("supervisor"),
    )
    assert answer.status_code == 404


async def test_a_late_older_event_does_not_move_the_status_back(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await registry.register()
    await registry.deliver(routed(), appeal_id)
    await registry.deliver(answered(), appeal_id)
    await registry.deliver(accepted(), appeal_id)  # arrived after the answer
    status, changes = await state(appeal_id)
    assert (status, changes) == ("answered", 4)


async def test_an_event_ahead_of_its_predecessor_waits_and_then_applies(
    registry: RegistryUnderTest,
) -> None:
    appeal_id = await registry.register()
    await registry.deliver(routed(), appeal_id)
    with pytest.raises(NotReadyYet):
        await registry.deliver(closed(), appeal_id)
    assert await state(appeal_id) == ("routed", 3)
    await registry.deliver(answered(), appeal_id)
    await registry.deliver(closed(), appeal_id)
    rows = await fetch(
        "SELECT to_status FROM registry.status_history WHERE appeal_id = $1 ORDER BY id",
        appeal_id,
    )
    assert [row["to_status"] for row in rows] == [
        "received",
        "registered",
        "routed",
        "answered",
        "closed",
    ]
    assert (await fetch("SELECT outcome FROM registry.appeal WHERE id = $1", appeal_id))[0][
        "outcome"
    ] == "explained"


async def test_an_event_before_registration_waits(registry: RegistryUnderTest) -> None:
    appeal_id = uuid.uuid4()
    with pytest.raises(NotReadyYet):
        await registry.deliver(routed(), appeal_id)
    await registry.deliver(received(), appeal_id)
    await registry.deliver(routed(), appeal_id)
    assert await state(appeal_id) == ("routed", 3)


async def test_the_same_event_delivered_twice_counts_once(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register()
    event = routed()
    envelope = make_envelope(event, producer="router", appeal_id=appeal_id, correlation_id="c")
    await registry.handler(envelope)
    await registry.handler(envelope)
    assert await state(appeal_id) == ("routed", 3)
