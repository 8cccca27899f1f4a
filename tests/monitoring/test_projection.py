"""The projection: clocks from the deadline engine, lifecycle counters, out-of-order events."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from monitoring.service import record_registered
from shared.deadlines import DeadlinePolicy
from shared.events import (
    AppealFeedbackReceived,
    AppealRegistered,
    AppealStatusChanged,
    make_envelope,
)
from tests.monitoring.conftest import Monitoring, kyiv
from tests.support.environment import bearer, eventually, fetch


async def projection(appeal_id: uuid.UUID) -> dict[str, Any]:
    rows = await fetch("SELECT * FROM monitoring.deadline WHERE appeal_id = $1", appeal_id)
    return dict(rows[0]) if rows else {}


async def test_registration_starts_every_clock_from_the_kyiv_day_of_receipt(
    monitoring: Monitoring,
) -> None:
    appeal_id = uuid.uuid4()
    # 23:30 in Kyiv on 1 March is 21:30 UTC: the appeal is received on 1 March.
    await monitoring.register(appeal_id, kyiv(2025, 3, 1, 23, 30), categories=("7.5", "7.8"))
    row = await projection(appeal_id)
    assert row["status"] == "registered"
    assert row["received_on"] == date(2025, 3, 1)
    assert row["due_date"] == date(2025, 3, 31)
    assert row["ceiling_date"] == date(2025, 4, 15)
    assert row["forward_by"] == date(2025, 3, 6)
    assert row["return_by"] == date(2025, 3, 11)
    assert (row["topic_code"], row["channel"], row["sign"]) == ("009", "hotline", "primary")
    categories = await fetch(
        "SELECT category_code FROM monitoring.author_category WHERE appeal_id = $1 ORDER BY 1",
        appeal_id,
    )
    assert [r["category_code"] for r in categories] == ["7.5", "7.8"]


async def test_routing_sets_the_body_and_the_routers_due_date_whatever_the_order(
    monitoring: Monitoring,
) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    await monitoring.register(first, kyiv(2025, 3, 1))
    await monitoring.route(first, date(2025, 3, 1), date(2025, 3, 31), "oda-health")
    await monitoring.route(second, date(2025, 3, 1), date(2025, 3, 31), "oda-health")
    await monitoring.register(second, kyiv(2025, 3, 1))
    for appeal_id in (first, second):
        row = await projection(appeal_id)
        assert (row["status"], row["body_code"], row["registered"]) == (
            "routed",
            "oda-health",
            True,
        )
        assert row["ceiling_date"] == date(2025, 4, 15)


async def test_lifecycle_counts_and_a_late_status_never_overwrites_a_newer_one(
    monitoring: Monitoring,
) -> None:
    appeal_id = uuid.uuid4()
    await monitoring.register(appeal_id, kyiv(2025, 3, 1))
    await monitoring.route(appeal_id, date(2025, 3, 1), date(2025, 3, 31), "body-a")
    await monitoring.move(appeal_id, "redirected", kyiv(2025, 3, 3), body_code="body-a")
    await monitoring.route(appeal_id, date(2025, 3, 1), date(2025, 3, 31), "body-b")
    await monitoring.move(appeal_id, "answered", kyiv(2025, 3, 20), body_code="body-b")
    await monitoring.move(appeal_id, "returned_for_rework", kyiv(2025, 3, 22), body_code="body-b")
    # The extension happened before the answer but arrives after the return for rework.
    await monitoring.move(
        appeal_id, "extended", kyiv(2025, 3, 10), body_code="body-b", due=date(2025, 4, 10)
    )
    row = await projection(appeal_id)
    assert row["status"] == "returned_for_rework"
    assert row["closed"] is False
    assert (row["extensions"], row["redirects"], row["reworks"]) == (1, 1, 1)
    assert row["body_code"] == "body-b"
    redirects = await fetch("SELECT from_body_code FROM monitoring.redirect")
    assert [r["from_body_code"] for r in redirects] == ["body-a"]
    await monitoring.move(appeal_id, "answered", kyiv(2025, 3, 28), body_code="body-b")
    row = await projection(appeal_id)
    assert row["closed"] is True
    assert row["answered_at"] == kyiv(2025, 3, 28)


async def test_a_status_change_before_registration_waits_for_it_on_the_real_bus(
    monitoring: Monitoring,
) -> None:
    appeal_id = uuid.uuid4()
    early = [
        AppealStatusChanged(
            registration_number="DP-early",
            from_status="routed",
            to_status="in_work",
            changed_at=kyiv(2025, 3, 2),
            body_code="council-dnipro",
        ),
        AppealFeedbackReceived(
            source="ucc_callback", satisfied="partly", received_at=kyiv(2025, 3, 25)
        ),
    ]
    await monitoring.runtime.bus.publish_many(
        [make_envelope(p, producer="test", appeal_id=appeal_id, correlation_id="t") for p in early]
    )
    registered = AppealRegistered.model_validate(
        {
            "registration_number": "DP-early",
            "channel": "web",
            "received_at": kyiv(2025, 3, 1),
            "registered_at": kyiv(2025, 3, 1),
            "topic_code": "006",
            "text": "Текст",
            "applicant": {"full_name": "Іваненко Іван"},
        }
    )
    await monitoring.runtime.bus.publish_many(
        [make_envelope(registered, producer="test", appeal_id=appeal_id, correlation_id="t")]
    )
    row = await eventually(
        lambda: projection(appeal_id),
        lambda r: r.get("status") == "in_work" and r.get("satisfied") == "partly",
    )
    assert row["registration_number"] == "DP-early"


async def test_the_work_calendar_moves_a_due_date_off_a_holiday(monitoring: Monitoring) -> None:
    holiday = await monitoring.client.put(
        "/calendar/2025-03-31", json={"working": False, "note": "Свято"}, headers=bearer("admin")
    )
    assert holiday.status_code == 200
    refused = await monitoring.client.put(
        "/calendar/2025-04-01", json={"working": False}, headers=bearer("supervisor")
    )
    assert refused.status_code == 403
    listed = await monitoring.client.get("/calendar?year=2025", headers=bearer("operator"))
    assert [(d["day"], d["working"]) for d in listed.json()] == [("2025-03-31", False)]
    policy = DeadlinePolicy(non_working_last_day="next_working_day")
    appeal_id = uuid.uuid4()
    registered = AppealRegistered.model_validate(
        {
            "registration_number": "DP-h",
            "channel": "web",
            "received_at": kyiv(2025, 3, 1),
            "registered_at": kyiv(2025, 3, 1),
            "topic_code": "006",
            "text": "Текст",
            "applicant": {},
        }
    )
    envelope = make_envelope(registered, producer="test", appeal_id=appeal_id, correlation_id="t")
    async with monitoring.runtime.transaction() as session:
        await record_registered(session, envelope, registered, policy)
    row = await projection(appeal_id)
    assert row["due_date"] == date(2025, 4, 1)
    assert row["anonymous"] is True
    removed = await monitoring.client.delete("/calendar/2025-03-31", headers=bearer("admin"))
    assert removed.status_code == 204
    assert (
        await monitoring.client.get("/calendar?year=2025", headers=bearer("operator"))
    ).json() == []
