"""Reminders and escalation: once per appeal and rung, on the right Kyiv day, under races."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from monitoring.config import DEFAULT_THRESHOLDS, ReminderThreshold
from monitoring.reminders import most_urgent_reached, run_reminder_pass
from tests.monitoring.conftest import Monitoring, kyiv, start_monitoring, stop_monitoring
from tests.support.environment import eventually, fetch


async def reminders_sent() -> list[tuple[str, str, str]]:
    """(appeal id, event type, rung) of every reminder event in monitoring's outbox."""
    rows = await fetch(
        "SELECT envelope->>'appeal_id' AS appeal_id, event_type, "
        "coalesce(envelope->'data'->>'threshold', '') AS threshold FROM monitoring.outbox "
        "WHERE event_type LIKE 'deadline.%' ORDER BY 1, 3"
    )
    return [(row["appeal_id"], row["event_type"], row["threshold"]) for row in rows]


async def open_appeal(replica: Monitoring, received_on: date, due: date) -> uuid.UUID:
    appeal_id = uuid.uuid4()
    await replica.route(appeal_id, received_on, due)
    return appeal_id


async def test_the_due_day_ends_at_kyiv_midnight_not_utc_midnight(monitoring: Monitoring) -> None:
    appeal_id = await open_appeal(monitoring, date(2025, 3, 1), date(2025, 3, 31))
    # 23:30 in Kyiv on the due day is already 31 March 21:30 UTC: still the due day.
    late_on_due_day = kyiv(2025, 3, 31, 23, 30)
    await run_reminder_pass(monitoring.runtime, monitoring.settings, late_on_due_day)
    assert await reminders_sent() == [(str(appeal_id), "deadline.approaching", "due_today")]
    # 00:30 in Kyiv on 1 April is still 31 March in UTC, but the appeal is overdue.
    just_after_midnight = kyiv(2025, 4, 1, 0, 30)
    assert just_after_midnight.date() == date(2025, 3, 31)
    await run_reminder_pass(monitoring.runtime, monitoring.settings, just_after_midnight)
    assert await reminders_sent() == [
        (str(appeal_id), "deadline.approaching", "due_today"),
        (str(appeal_id), "deadline.breached", "overdue"),
    ]
    breach = await fetch(
        "SELECT envelope->'data' AS data FROM monitoring.outbox "
        "WHERE event_type = 'deadline.breached'"
    )
    assert '"days_overdue": 1' in breach[0]["data"]


async def test_three_days_before_fires_once_and_not_earlier(monitoring: Monitoring) -> None:
    appeal_id = await open_appeal(monitoring, date(2025, 3, 1), date(2025, 3, 31))
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 3, 27, 23, 59))
    assert await reminders_sent() == []
    for hour in (0, 9, 18):
        await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 3, 28, hour))
    assert await reminders_sent() == [(str(appeal_id), "deadline.approaching", "due_in_3_days")]


async def test_an_appeal_first_seen_late_gets_only_the_most_urgent_rung(
    monitoring: Monitoring,
) -> None:
    appeal_id = await open_appeal(monitoring, date(2025, 1, 1), date(2025, 1, 31))
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 2, 20))
    assert await reminders_sent() == [(str(appeal_id), "deadline.breached", "overdue_week")]


async def test_an_answered_appeal_is_not_reminded(monitoring: Monitoring) -> None:
    appeal_id = await open_appeal(monitoring, date(2025, 3, 1), date(2025, 3, 31))
    await monitoring.move(appeal_id, "answered", kyiv(2025, 3, 20), outcome="explained")
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 4, 10))
    assert await reminders_sent() == []


async def test_an_extension_rearms_the_ladder_for_the_new_due_date(monitoring: Monitoring) -> None:
    appeal_id = await open_appeal(monitoring, date(2025, 3, 1), date(2025, 3, 31))
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 3, 31))
    await monitoring.move(appeal_id, "extended", kyiv(2025, 3, 31, 13), due=date(2025, 4, 15))
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 4, 1))
    assert len(await reminders_sent()) == 1
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 4, 12))
    assert [rung for _, _, rung in await reminders_sent()] == ["due_in_3_days", "due_today"]


async def test_concurrent_replicas_and_restarts_send_each_reminder_once(
    monitoring: Monitoring, bus_prefix: str
) -> None:
    due = date(2025, 3, 31)
    appeal_ids = [await open_appeal(monitoring, date(2025, 3, 1), due) for _ in range(60)]
    second = await start_monitoring(bus_prefix, reminder_batch_size=7)
    try:
        for moment in (kyiv(2025, 3, 28, 8), kyiv(2025, 3, 31, 8), kyiv(2025, 4, 1, 8)):
            await asyncio.gather(
                *(
                    run_reminder_pass(replica.runtime, replica.settings, moment)
                    for replica in (monitoring, second, monitoring, second)
                )
            )
    finally:
        await stop_monitoring(second)
    restarted = await start_monitoring(bus_prefix)
    try:
        await asyncio.gather(
            run_reminder_pass(restarted.runtime, restarted.settings, kyiv(2025, 4, 1, 20)),
            run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 4, 1, 20)),
        )
    finally:
        await stop_monitoring(restarted)
    sent = await reminders_sent()
    assert len(sent) == len(set(sent)) == 3 * len(appeal_ids)
    assert {rung for _, _, rung in sent} == {"due_in_3_days", "due_today", "overdue"}
    stored = await fetch("SELECT count(*) AS n FROM monitoring.reminder")
    assert stored[0]["n"] == 3 * len(appeal_ids)


async def test_reminder_events_are_confirmed_by_the_broker(monitoring: Monitoring) -> None:
    await open_appeal(monitoring, date(2025, 3, 1), date(2025, 3, 31))
    await run_reminder_pass(monitoring.runtime, monitoring.settings, kyiv(2025, 3, 31))

    async def unsent() -> int:
        rows = await fetch("SELECT count(*) AS n FROM monitoring.outbox WHERE sent_at IS NULL")
        return int(rows[0]["n"])

    assert await eventually(unsent, lambda count: count == 0) == 0
    assert len(await reminders_sent()) == 1


@given(
    remaining=st.integers(min_value=-400, max_value=60),
    days=st.lists(st.integers(min_value=-366, max_value=45), min_size=1, max_size=6, unique=True),
)
def test_the_chosen_rung_is_reached_and_no_reached_rung_is_more_urgent(
    remaining: int, days: list[int]
) -> None:
    ladder = [
        ReminderThreshold(name=f"rung_{index}", days_before_due=d) for index, d in enumerate(days)
    ]
    chosen = most_urgent_reached(ladder, remaining)
    reached = [rung for rung in ladder if remaining <= rung.days_before_due]
    if not reached:
        assert chosen is None
    else:
        assert chosen is not None and remaining <= chosen.days_before_due
        assert all(chosen.days_before_due <= rung.days_before_due for rung in reached)


def test_the_default_ladder_escalates_after_a_week() -> None:
    assert most_urgent_reached(DEFAULT_THRESHOLDS, 4) is None
    names = [
        rung.name if rung else None
        for rung in (
            most_urgent_reached(DEFAULT_THRESHOLDS, left) for left in (3, 1, 0, -1, -7, -8)
        )
    ]
    assert names == [
        "due_in_3_days",
        "due_in_3_days",
        "due_today",
        "overdue",
        "overdue",
        "overdue_week",
    ]
