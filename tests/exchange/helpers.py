"""What the exchange's stack tests do again and again: drive an appeal, look at both sides."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events import (
    AppealAcceptedByBody,
    AppealAnswered,
    AppealClosed,
    EventPayload,
    make_envelope,
)
from tests.fakes.ucc_server import SimulatorControl
from tests.support.appeals import appeal_states, post_appeal
from tests.support.environment import bearer, eventually, fetch
from tests.support.stacks import InProcessStack

SUPERVISOR = bearer("supervisor")
OPERATOR = bearer("operator")


async def publish(stack: InProcessStack, appeal_id: str, payload: EventPayload) -> None:
    """Put a lifecycle event on the real broker, as the router would."""
    envelope = make_envelope(
        payload, producer="router", appeal_id=uuid.UUID(appeal_id), correlation_id="test"
    )
    confirmed = await stack.runtime("exchange").bus.publish_many([envelope])
    assert confirmed == [True]


async def wait_status(appeal_id: str, status: str, *, within: float = 60.0) -> None:
    await eventually(
        lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == status, within=within
    )


async def routed_appeals(stack: InProcessStack, count: int, start: int = 0) -> list[str]:
    ids = []
    for index in range(start, start + count):
        answer = await post_appeal(stack.clients["intake"], index)
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["appeal_id"])
    await eventually(
        lambda: appeal_states(ids),
        lambda s: len(s) == count and set(s.values()) == {"routed"},
    )
    return ids


async def answer_and_close(stack: InProcessStack, appeal_id: str) -> None:
    """Walk a routed appeal through the body's work to its closing."""
    now = datetime.now(UTC)
    await publish(
        stack,
        appeal_id,
        AppealAcceptedByBody(body_code="council-dnipro", accepted_by="officer", accepted_at=now),
    )
    await wait_status(appeal_id, "in_work")
    await publish(
        stack,
        appeal_id,
        AppealAnswered(
            body_code="council-dnipro",
            outcome="resolved_positively",
            answer_text="Воду відновлено, перевірено на місці.",
            signed_by="Голова комісії",
            answered_at=now,
            outgoing_number="ВХ-17/2026",
        ),
    )
    await wait_status(appeal_id, "answered")
    await publish(
        stack,
        appeal_id,
        AppealClosed(outcome="resolved_positively", closed_by="supervisor", closed_at=now),
    )
    await wait_status(appeal_id, "closed")


async def sim_by_regional_id(sim: SimulatorControl) -> dict[str, dict[str, Any]]:
    report = await sim.appeals()
    return {view["regional_id"]: view for view in report["appeals"] if view["regional_id"]}


async def registry_history(appeal_id: str) -> list[str]:
    rows = await fetch(
        "SELECT to_status FROM registry.status_history WHERE appeal_id::text = $1 "
        "ORDER BY changed_at, id",
        appeal_id,
    )
    return [row["to_status"] for row in rows]


async def push_jobs_settled() -> bool:
    rows = await fetch("SELECT count(*) AS n FROM exchange.push_job WHERE done_at IS NULL")
    return int(rows[0]["n"]) == 0


async def exchange_caught_up(appeal_ids: list[str]) -> bool:
    """The exchange has taken in every appeal's routing and pushed everything it queued."""
    rows = await fetch(
        "SELECT count(*) AS n FROM exchange.appeal_card "
        "WHERE appeal_id::text = ANY($1::text[]) AND status = 'routed'",
        appeal_ids,
    )
    return int(rows[0]["n"]) == len(appeal_ids) and await push_jobs_settled()
