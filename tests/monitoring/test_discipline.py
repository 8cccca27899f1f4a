"""The discipline counts and score: definitions by example, invariants by property."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from monitoring.discipline import (
    AppealFacts,
    DisciplineParts,
    belongs,
    measure,
    percentile_nearest_rank,
    score,
)

TODAY = date(2025, 5, 1)
RECEIVED = date(2025, 3, 1)
DUE = date(2025, 3, 31)


def facts(answered_after: int | None, **changes: object) -> AppealFacts:
    item = AppealFacts(
        appeal_id=uuid.uuid4(),
        registration_number="DP-1",
        received_on=RECEIVED,
        due_date=DUE,
        answered_on=RECEIVED + timedelta(days=answered_after)
        if answered_after is not None
        else None,
        awaiting_answer=answered_after is None,
    )
    return replace(item, **changes)  # type: ignore[arg-type]


def test_a_cohort_is_counted_by_the_documented_rules() -> None:
    cohort = [
        facts(10),
        facts(30),
        facts(35, reworks=1),
        facts(None),
        facts(None, due_date=TODAY),
        facts(20, extensions=1, satisfied="yes", sign="repeated"),
        facts(12, satisfied="partly"),
        facts(14, satisfied="no"),
    ]
    parts = measure(cohort, redirected=2, today=TODAY)
    assert parts.received == 8
    assert parts.answered == 6
    assert parts.answered_on_time == 5
    assert parts.overdue_answered == 1
    assert parts.overdue_open == 1
    assert parts.extended == 1
    assert parts.returned_for_rework == 1
    assert parts.repeated == 1
    assert (parts.rated, parts.satisfied, parts.partly_satisfied) == (3, 1, 1)
    assert parts.average_days_to_answer == round((10 + 30 + 35 + 20 + 12 + 14) / 6, 2)
    assert parts.p90_days_to_answer == 35.0
    judged = score(parts)
    assert judged.rates == {
        "on_time": round(5 / 7, 4),
        "first_time_right": round(5 / 6, 4),
        "in_competence": 0.8,
        "satisfaction": 0.5,
    }
    expected = 100 * (0.5 * 5 / 7 + 0.2 * 5 / 6 + 0.1 * 0.8 + 0.2 * 0.5)
    assert judged.value == round(expected, 1)


def test_the_due_day_itself_is_on_time_and_the_next_day_is_not() -> None:
    on_due_day = facts((DUE - RECEIVED).days)
    next_day = facts((DUE - RECEIVED).days + 1)
    assert belongs("answered_on_time", on_due_day, TODAY)
    assert not belongs("answered_on_time", next_day, TODAY)
    assert belongs("overdue_answered", next_day, TODAY)
    assert not belongs("overdue_open", facts(None), DUE)
    assert belongs("overdue_open", facts(None), DUE + timedelta(days=1))


def test_missing_rates_are_left_out_and_the_weights_rescaled() -> None:
    only_answers = measure([facts(5), facts(40)], redirected=0, today=TODAY)
    judged = score(only_answers)
    assert set(judged.weights) == {"on_time", "first_time_right", "in_competence"}
    assert abs(sum(judged.weights.values()) - 1.0) < 1e-3
    assert score(measure([], redirected=0, today=TODAY)).value is None


def test_the_nearest_rank_percentile() -> None:
    assert percentile_nearest_rank([], 0.9) is None
    assert percentile_nearest_rank([7], 0.9) == 7.0
    assert percentile_nearest_rank(range(1, 11), 0.9) == 9.0
    assert percentile_nearest_rank(range(1, 12), 0.9) == 10.0


counts = st.integers(min_value=0, max_value=500)


@st.composite
def parts_strategy(draw: st.DrawFn) -> DisciplineParts:
    answered = draw(counts)
    on_time = draw(st.integers(min_value=0, max_value=answered))
    overdue_open = draw(counts)
    rated = draw(counts)
    satisfied = draw(st.integers(min_value=0, max_value=rated))
    partly = draw(st.integers(min_value=0, max_value=rated - satisfied))
    return DisciplineParts(
        received=answered + overdue_open + draw(counts),
        answered=answered,
        answered_on_time=on_time,
        overdue_open=overdue_open,
        overdue_answered=answered - on_time,
        extended=draw(counts),
        redirected=draw(counts),
        returned_for_rework=draw(st.integers(min_value=0, max_value=answered)),
        repeated=draw(counts),
        rated=rated,
        satisfied=satisfied,
        partly_satisfied=partly,
        average_days_to_answer=None,
        p90_days_to_answer=None,
    )


@given(parts_strategy())
def test_the_score_stays_between_0_and_100(parts: DisciplineParts) -> None:
    judged = score(parts)
    if judged.value is not None:
        assert 0.0 <= judged.value <= 100.0
        assert all(0.0 <= rate <= 1.0 for rate in judged.rates.values())


@given(parts_strategy())
def test_answering_a_late_appeal_on_time_instead_never_lowers_the_score(
    parts: DisciplineParts,
) -> None:
    if parts.answered_on_time == parts.answered:
        return
    better = replace(
        parts,
        answered_on_time=parts.answered_on_time + 1,
        overdue_answered=parts.overdue_answered - 1,
    )
    before, after = score(parts).value, score(better).value
    assert before is not None and after is not None
    assert after >= before


@given(parts_strategy())
def test_an_open_appeal_falling_overdue_never_raises_the_score(parts: DisciplineParts) -> None:
    if parts.received == parts.answered + parts.overdue_open:
        return
    worse = replace(parts, overdue_open=parts.overdue_open + 1)
    before, after = score(parts).value, score(worse).value
    assert after is not None
    if before is not None:
        assert after <= before
