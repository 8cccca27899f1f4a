"""The pure rules of the sync: update mapping, backoff bounds, reconciliation verdicts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from exchange.reconcile import compare
from exchange.sync import backoff, update_from_status_change
from exchange.ucc_contract import UccAppealSummary
from shared.events import AppealStatusChanged

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANSWER = {
    "answer_text": "Роботи виконано.",
    "answer_date": "2026-03-10",
    "outgoing_number": "12/03",
    "outcome": "resolved_positively",
}


def changed(to_status: str, **fields: Any) -> AppealStatusChanged:
    return AppealStatusChanged.model_validate(
        {
            "registration_number": "DP-2026-000001",
            "from_status": "routed",
            "to_status": to_status,
            "changed_at": NOW,
            **fields,
        }
    )


def test_the_update_id_is_the_event_id_so_a_replay_is_one_update() -> None:
    event_id = uuid.uuid4()

    first = update_from_status_change(event_id, changed("in_work"), None)
    again = update_from_status_change(event_id, changed("in_work"), None)

    assert first == again
    assert first.update_id == event_id
    assert first.occurred_at == NOW


def test_only_an_answer_carries_the_answer_and_only_an_extension_a_new_date() -> None:
    answered = update_from_status_change(uuid.uuid4(), changed("answered"), ANSWER)
    closed = update_from_status_change(uuid.uuid4(), changed("closed", outcome="explained"), ANSWER)
    extended = update_from_status_change(
        uuid.uuid4(), changed("extended", due_date=date(2026, 4, 15)), ANSWER
    )

    assert (answered.answer_text, answered.outgoing_number) == ("Роботи виконано.", "12/03")
    assert answered.answer_date == date(2026, 3, 10)
    assert closed.answer_text is None and closed.outcome == "explained"
    assert extended.new_due_date == date(2026, 4, 15) and extended.answer_text is None


def test_an_outcome_outside_the_contract_is_not_sent() -> None:
    update = update_from_status_change(uuid.uuid4(), changed("closed", outcome="??"), None)

    assert update.outcome is None


@given(
    attempt=st.integers(min_value=0, max_value=60),
    base=st.floats(0.01, 10),
    cap=st.floats(0.1, 900),
)
def test_backoff_stays_within_its_exponential_bound(attempt: int, base: float, cap: float) -> None:
    delay = backoff(attempt, base=base, cap=cap)

    assert timedelta(0) <= delay <= timedelta(seconds=min(cap, base * 2**attempt))


def card(appeal_id: uuid.UUID, status: str, due: str | None, ucc_number: str | None = None) -> Any:
    return SimpleNamespace(
        appeal_id=appeal_id,
        registration_number="DP-2026-000001",
        ucc_number=ucc_number,
        status=status,
        card={"due_date": due},
    )


def summary(number: str, regional_id: str | None, status: str | None, due: date | None) -> Any:
    return UccAppealSummary.model_validate(
        {
            "ucc_number": number,
            "regional_id": regional_id,
            "ucc_status": "В роботі",
            "ucc_sub_status": None,
            "status": status,
            "due_date": due,
            "updated_at": NOW,
        }
    )


def test_agreeing_sides_have_no_mismatch() -> None:
    appeal_id = uuid.uuid4()
    theirs = {
        "UCC-2026-000001": summary("UCC-2026-000001", str(appeal_id), "in_work", date(2026, 4, 1))
    }

    counts, mismatches = compare(
        [card(appeal_id, "in_work", "2026-04-01")], {appeal_id}, {}, theirs, NOW + timedelta(1)
    )

    assert mismatches == []
    assert counts["matched"] == 1


def test_each_disagreement_is_named_with_both_values() -> None:
    sent, unsent, stranger = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ours = [card(sent, "closed", "2026-04-01"), card(unsent, "registered", None)]
    theirs = {
        "UCC-2026-000001": summary("UCC-2026-000001", str(sent), "answered", date(2026, 4, 2)),
        "UCC-2026-000002": summary("UCC-2026-000002", None, None, None),
        "UCC-2026-000003": summary("UCC-2026-000003", str(stranger), "routed", None),
    }

    counts, mismatches = compare(ours, {sent}, {}, theirs, NOW + timedelta(1))

    kinds = {m["kind"]: m for m in mismatches}
    assert set(kinds) == {"status_differs", "due_date_differs", "missing_here", "unknown_here"}
    assert (kinds["status_differs"]["ours"], kinds["status_differs"]["theirs"]) == (
        "closed",
        "answered",
    )
    assert (kinds["due_date_differs"]["ours"], kinds["due_date_differs"]["theirs"]) == (
        "2026-04-01",
        "2026-04-02",
    )
    assert counts["not_yet_sent"] == 1


def test_a_sent_appeal_the_ucc_does_not_hold_is_missing_there() -> None:
    appeal_id = uuid.uuid4()

    _, mismatches = compare([card(appeal_id, "routed", None)], {appeal_id}, {}, {}, NOW)

    assert [m["kind"] for m in mismatches] == ["missing_at_ucc"]
