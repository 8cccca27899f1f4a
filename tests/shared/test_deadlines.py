"""Documented examples of the deadline rules, one table row per worked example."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from shared.deadlines import (
    DEFAULT_CALENDAR,
    DEFAULT_POLICY,
    EXTENSION_REFUSAL_TEXTS_UK,
    Clocks,
    DeadlinePolicy,
    ExtensionRefused,
    WorkCalendar,
    add_months,
    ceiling_date,
    clock_start,
    clocks,
    complaint_deadline,
    complaint_is_late,
    days_left,
    due_after_redirect,
    due_date,
    extended_due_date,
    forward_due_date,
    is_overdue,
    receipt_date,
    return_due_date,
    work_calendar_from_lists,
)

THIRTY_DAYS = DeadlinePolicy(month_counting="30_days", non_working_last_day="keep")
THIRTY_DAYS_MOVED = DeadlinePolicy(
    month_counting="30_days", non_working_last_day="next_working_day"
)
CALENDAR_MONTH = DeadlinePolicy(month_counting="calendar_month", non_working_last_day="keep")
CALENDAR_MONTH_MOVED = DeadlinePolicy(
    month_counting="calendar_month", non_working_last_day="next_working_day"
)
TRINITY_2025 = date(2025, 6, 9)
PRE_WAR_CALENDAR = work_calendar_from_lists(holidays=[TRINITY_2025])
MARTIAL_LAW_CALENDAR = work_calendar_from_lists(
    holidays=[TRINITY_2025], working_days=[TRINITY_2025]
)


def test_default_policy_is_thirty_calendar_days_kept_on_non_working_days() -> None:
    assert DeadlinePolicy() == DEFAULT_POLICY == THIRTY_DAYS
    assert DEFAULT_POLICY.general_term_days == 30


@pytest.mark.parametrize(
    ("received_on", "policy", "expected"),
    [
        (date(2024, 3, 1), CALENDAR_MONTH, date(2024, 4, 1)),
        (date(2025, 1, 31), CALENDAR_MONTH, date(2025, 2, 28)),
        (date(2024, 1, 31), CALENDAR_MONTH, date(2024, 2, 29)),
        (date(2024, 3, 31), CALENDAR_MONTH, date(2024, 4, 30)),
        (date(2024, 12, 15), CALENDAR_MONTH, date(2025, 1, 15)),
        (date(2024, 2, 29), CALENDAR_MONTH, date(2024, 3, 29)),
        (date(2025, 1, 31), THIRTY_DAYS, date(2025, 3, 2)),
        (date(2024, 1, 31), THIRTY_DAYS, date(2024, 3, 1)),
        (date(2024, 2, 1), THIRTY_DAYS, date(2024, 3, 2)),
        (date(2024, 3, 1), THIRTY_DAYS, date(2024, 3, 31)),
        (date(2024, 12, 15), THIRTY_DAYS, date(2025, 1, 14)),
    ],
)
def test_general_term(received_on: date, policy: DeadlinePolicy, expected: date) -> None:
    assert due_date(received_on, policy=policy) == expected


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        (date(2025, 1, 31), date(2025, 3, 2)),
        (date(2024, 1, 31), date(2024, 3, 1)),
        (date(2024, 2, 1), date(2024, 3, 2)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ],
)
def test_default_general_term_is_thirty_calendar_days(received_on: date, expected: date) -> None:
    assert due_date(received_on) == expected


@pytest.mark.parametrize("policy", [THIRTY_DAYS, CALENDAR_MONTH], ids=["30-days", "month"])
def test_term_without_further_study_is_fifteen_days(policy: DeadlinePolicy) -> None:
    assert due_date(date(2024, 3, 1), needs_no_further_study=True, policy=policy) == date(
        2024, 3, 16
    )


@pytest.mark.parametrize("policy", [THIRTY_DAYS, CALENDAR_MONTH], ids=["30-days", "month"])
def test_forward_return_and_ceiling_terms(policy: DeadlinePolicy) -> None:
    received_on = date(2024, 3, 1)

    assert forward_due_date(received_on, policy=policy) == date(2024, 3, 6)
    assert return_due_date(received_on, policy=policy) == date(2024, 3, 11)
    assert ceiling_date(received_on, policy) == date(2024, 4, 15)


@pytest.mark.parametrize("policy", [THIRTY_DAYS, CALENDAR_MONTH], ids=["30-days", "month"])
def test_clocks_bundle_all_terms_from_one_receipt(policy: DeadlinePolicy) -> None:
    assert clocks(date(2024, 3, 1), needs_no_further_study=True, policy=policy) == Clocks(
        received_on=date(2024, 3, 1),
        due=date(2024, 3, 16),
        ceiling=date(2024, 4, 15),
        forward_by=date(2024, 3, 6),
        return_by=date(2024, 3, 11),
    )


@pytest.mark.parametrize(
    ("policy", "due"),
    [(THIRTY_DAYS, date(2024, 3, 31)), (CALENDAR_MONTH, date(2024, 4, 1))],
    ids=["30-days", "month"],
)
def test_clocks_carry_the_general_term_of_the_policy(policy: DeadlinePolicy, due: date) -> None:
    assert clocks(date(2024, 3, 1), policy=policy).due == due


@pytest.mark.parametrize(
    ("policy", "calendar", "expected"),
    [
        (CALENDAR_MONTH, PRE_WAR_CALENDAR, TRINITY_2025),
        (CALENDAR_MONTH_MOVED, PRE_WAR_CALENDAR, date(2025, 6, 10)),
        (CALENDAR_MONTH_MOVED, MARTIAL_LAW_CALENDAR, TRINITY_2025),
        (CALENDAR_MONTH_MOVED, DEFAULT_CALENDAR, TRINITY_2025),
        (THIRTY_DAYS, PRE_WAR_CALENDAR, date(2025, 6, 8)),
        (THIRTY_DAYS_MOVED, PRE_WAR_CALENDAR, date(2025, 6, 10)),
        (THIRTY_DAYS_MOVED, MARTIAL_LAW_CALENDAR, TRINITY_2025),
        (THIRTY_DAYS_MOVED, DEFAULT_CALENDAR, TRINITY_2025),
    ],
    ids=[
        "month-keep",
        "month-moved-past-holiday",
        "month-martial-law-holiday-is-working",
        "month-no-holidays-known",
        "30-days-keep-sunday",
        "30-days-moved-past-sunday-and-holiday",
        "30-days-moved-to-martial-law-working-holiday",
        "30-days-moved-to-monday",
    ],
)
def test_due_date_on_a_holiday(
    policy: DeadlinePolicy, calendar: WorkCalendar, expected: date
) -> None:
    assert due_date(date(2025, 5, 9), policy=policy, calendar=calendar) == expected


def test_due_date_on_a_sunday_moves_to_monday_only_when_asked() -> None:
    assert due_date(date(2025, 1, 31), policy=THIRTY_DAYS) == date(2025, 3, 2)
    assert due_date(date(2025, 1, 31), policy=THIRTY_DAYS_MOVED) == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("received_on", "policy", "expected"),
    [
        (date(2025, 1, 31), DEFAULT_POLICY, date(2025, 3, 2)),
        (date(2025, 1, 31), THIRTY_DAYS_MOVED, date(2025, 3, 3)),
        (date(2024, 2, 1), DEFAULT_POLICY, date(2024, 3, 2)),
        (date(2024, 2, 1), THIRTY_DAYS_MOVED, date(2024, 3, 4)),
    ],
    ids=["sunday-kept", "sunday-moved", "leap-saturday-kept", "leap-saturday-moved"],
)
def test_thirtieth_day_on_a_weekend(
    received_on: date, policy: DeadlinePolicy, expected: date
) -> None:
    assert due_date(received_on, policy=policy) == expected


def test_moving_to_a_working_day_stops_at_the_ceiling() -> None:
    long_holidays = work_calendar_from_lists(
        holidays=[date(2024, 6, 3) + timedelta(days=offset) for offset in range(18)]
    )

    due = due_date(date(2024, 5, 1), policy=CALENDAR_MONTH_MOVED, calendar=long_holidays)

    assert due == date(2024, 6, 15)
    assert due == ceiling_date(date(2024, 5, 1), CALENDAR_MONTH_MOVED)


def test_moving_a_thirtieth_day_stops_at_the_ceiling() -> None:
    long_holidays = work_calendar_from_lists(
        holidays=[date(2024, 6, 3) + timedelta(days=offset) for offset in range(18)]
    )

    due = due_date(date(2024, 5, 2), policy=THIRTY_DAYS_MOVED, calendar=long_holidays)

    assert due == date(2024, 6, 16)
    assert due == ceiling_date(date(2024, 5, 2), THIRTY_DAYS_MOVED)


def test_a_term_as_long_as_the_ceiling_is_never_moved_past_it() -> None:
    policy = DeadlinePolicy(
        month_counting="30_days",
        general_term_days=45,
        non_working_last_day="next_working_day",
    )

    assert due_date(date(2024, 5, 1), policy=policy) == date(2024, 6, 15)


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (datetime(2024, 3, 1, 21, 30, tzinfo=UTC), date(2024, 3, 1)),
        (datetime(2024, 3, 10, 21, 59, 59, tzinfo=UTC), date(2024, 3, 10)),
        (datetime(2024, 3, 10, 22, 0, tzinfo=UTC), date(2024, 3, 11)),
        (datetime(2024, 7, 1, 20, 59, 59, tzinfo=UTC), date(2024, 7, 1)),
        (datetime(2024, 7, 1, 21, 0, tzinfo=UTC), date(2024, 7, 2)),
        (datetime(2024, 7, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))), date(2024, 7, 2)),
    ],
)
def test_receipt_date_is_the_kyiv_day(received_at: datetime, expected: date) -> None:
    assert receipt_date(received_at) == expected


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2024, 3, 10, 12, 0)

    with pytest.raises(ValueError, match="timezone-aware"):
        receipt_date(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_overdue(date(2024, 3, 10), naive, closed=False)
    with pytest.raises(ValueError, match="timezone-aware"):
        days_left(date(2024, 3, 10), naive)


@pytest.mark.parametrize(
    ("due", "now", "overdue", "left"),
    [
        (date(2024, 3, 10), datetime(2024, 3, 9, 12, 0, tzinfo=UTC), False, 1),
        (date(2024, 3, 10), datetime(2024, 3, 10, 21, 59, 59, tzinfo=UTC), False, 0),
        (date(2024, 3, 10), datetime(2024, 3, 10, 22, 0, tzinfo=UTC), True, -1),
        (date(2024, 7, 10), datetime(2024, 7, 10, 20, 59, 59, tzinfo=UTC), False, 0),
        (date(2024, 7, 10), datetime(2024, 7, 10, 21, 0, tzinfo=UTC), True, -1),
        (date(2024, 7, 10), datetime(2024, 7, 20, 9, 0, tzinfo=UTC), True, -10),
    ],
)
def test_overdue_starts_at_kyiv_midnight_after_due(
    due: date, now: datetime, overdue: bool, left: int
) -> None:
    assert is_overdue(due, now, closed=False) is overdue
    assert days_left(due, now) == left


def test_a_closed_appeal_is_never_overdue() -> None:
    assert not is_overdue(date(2024, 3, 10), datetime(2025, 1, 1, tzinfo=UTC), closed=True)


class TestExtension:
    received_on = date(2024, 3, 1)
    current_due = date(2024, 4, 1)
    policy = CALENDAR_MONTH

    def extend(self, requested: date, *, notified: bool = True, reason: str = "експертиза") -> date:
        return extended_due_date(
            self.received_on,
            self.current_due,
            requested,
            applicant_notified=notified,
            reason=reason,
            policy=self.policy,
        )

    def test_current_due_is_the_calendar_month(self) -> None:
        assert due_date(self.received_on, policy=self.policy) == self.current_due

    def test_accepted_up_to_the_ceiling(self) -> None:
        assert self.extend(date(2024, 4, 10)) == date(2024, 4, 10)
        assert self.extend(date(2024, 4, 15)) == date(2024, 4, 15)

    def test_repeating_the_current_due_date_is_accepted(self) -> None:
        assert self.extend(self.current_due) == self.current_due

    @pytest.mark.parametrize(
        ("requested", "notified", "reason", "code"),
        [
            (date(2024, 4, 16), True, "експертиза", "past_ceiling"),
            (date(2024, 3, 31), True, "експертиза", "shortens"),
            (date(2024, 4, 10), False, "експертиза", "applicant_not_notified"),
            (date(2024, 4, 10), True, "   ", "no_reason"),
            (date(2024, 4, 16), False, "", "no_reason"),
        ],
    )
    def test_refused(self, requested: date, notified: bool, reason: str, code: str) -> None:
        with pytest.raises(ExtensionRefused) as refused:
            self.extend(requested, notified=notified, reason=reason)

        assert refused.value.reason_code == code
        assert refused.value.text_uk == EXTENSION_REFUSAL_TEXTS_UK[refused.value.reason_code]


CALENDAR_MONTH_RESTARTED = CALENDAR_MONTH.model_copy(update={"redirect_restarts_clock": True})
THIRTY_DAYS_RESTARTED = THIRTY_DAYS.model_copy(update={"redirect_restarts_clock": True})


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (CALENDAR_MONTH, date(2024, 4, 1)),
        (CALENDAR_MONTH_RESTARTED, date(2024, 4, 5)),
        (DEFAULT_POLICY, date(2024, 3, 31)),
        (THIRTY_DAYS_RESTARTED, date(2024, 4, 4)),
    ],
    ids=["month-kept", "month-restarted", "30-days-kept", "30-days-restarted"],
)
def test_redirect_restarts_the_clock_only_when_the_policy_says_so(
    policy: DeadlinePolicy, expected: date
) -> None:
    assert due_after_redirect(date(2024, 3, 1), date(2024, 3, 5), policy=policy) == expected


def test_redirect_keeps_the_original_clock_by_default() -> None:
    assert not DEFAULT_POLICY.redirect_restarts_clock
    assert due_after_redirect(date(2024, 3, 1), date(2024, 3, 5)) == date(2024, 3, 31)


def test_redirect_before_receipt_is_refused() -> None:
    with pytest.raises(ValueError, match="redirected before"):
        due_after_redirect(date(2024, 3, 5), date(2024, 3, 1))
    with pytest.raises(ValueError, match="redirected before"):
        clock_start(date(2024, 3, 5), date(2024, 3, 1))


@pytest.mark.parametrize(
    ("redirected_on", "policy", "expected"),
    [
        (None, DEFAULT_POLICY, date(2024, 3, 1)),
        (None, THIRTY_DAYS_RESTARTED, date(2024, 3, 1)),
        (date(2024, 3, 20), DEFAULT_POLICY, date(2024, 3, 1)),
        (date(2024, 3, 20), THIRTY_DAYS_RESTARTED, date(2024, 3, 20)),
    ],
    ids=["not-redirected", "not-redirected-restarting", "redirect-kept", "redirect-restarted"],
)
def test_clock_start(redirected_on: date | None, policy: DeadlinePolicy, expected: date) -> None:
    assert clock_start(date(2024, 3, 1), redirected_on, policy) == expected


def test_extension_after_a_restarting_redirect_counts_the_ceiling_from_the_redirect() -> None:
    received_on, redirected_on = date(2024, 3, 1), date(2024, 3, 20)
    policy = THIRTY_DAYS_RESTARTED
    due = due_after_redirect(received_on, redirected_on, policy=policy)
    start = clock_start(received_on, redirected_on, policy)

    assert due == date(2024, 4, 19)
    assert ceiling_date(start, policy) == date(2024, 5, 4)
    assert extended_due_date(
        start, due, date(2024, 5, 4), applicant_notified=True, reason="x", policy=policy
    ) == date(2024, 5, 4)
    with pytest.raises(ExtensionRefused) as refused:
        extended_due_date(received_on, due, due, applicant_notified=True, reason="x", policy=policy)
    assert refused.value.reason_code == "past_ceiling"


@pytest.mark.parametrize(
    ("decided_on", "learned_on", "policy", "deadline"),
    [
        (date(2024, 1, 10), date(2024, 1, 15), CALENDAR_MONTH, date(2024, 2, 15)),
        (date(2023, 1, 10), date(2023, 12, 20), CALENDAR_MONTH, date(2024, 1, 10)),
        (date(2024, 2, 29), date(2025, 2, 20), CALENDAR_MONTH, date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 1, 31), CALENDAR_MONTH, date(2024, 2, 29)),
        (date(2024, 1, 10), date(2024, 1, 15), THIRTY_DAYS, date(2024, 2, 14)),
        (date(2023, 1, 10), date(2023, 12, 20), THIRTY_DAYS, date(2024, 1, 10)),
        (date(2024, 2, 29), date(2025, 2, 20), THIRTY_DAYS, date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 1, 31), THIRTY_DAYS, date(2024, 3, 1)),
    ],
)
def test_complaint_period(
    decided_on: date, learned_on: date, policy: DeadlinePolicy, deadline: date
) -> None:
    assert complaint_deadline(decided_on, learned_on, policy=policy) == deadline
    assert not complaint_is_late(decided_on, learned_on, deadline, policy=policy)
    assert complaint_is_late(decided_on, learned_on, deadline + timedelta(days=1), policy=policy)


def test_complaint_period_uses_the_default_thirty_days() -> None:
    assert complaint_deadline(date(2024, 1, 10), date(2024, 1, 15)) == date(2024, 2, 14)


def test_complaint_period_ending_on_a_saturday_moves_only_when_asked() -> None:
    decided_on = learned_on = date(2024, 6, 6)

    assert complaint_deadline(decided_on, learned_on, policy=CALENDAR_MONTH) == date(2024, 7, 6)
    assert complaint_deadline(decided_on, learned_on, policy=CALENDAR_MONTH_MOVED) == date(
        2024, 7, 8
    )
    assert not complaint_is_late(
        decided_on, learned_on, date(2024, 7, 8), policy=CALENDAR_MONTH_MOVED
    )


def test_learning_of_a_decision_before_it_was_made_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot learn"):
        complaint_is_late(date(2024, 1, 10), date(2024, 1, 9), date(2024, 1, 20))


class TestWorkCalendar:
    def test_default_weekend_is_saturday_and_sunday(self) -> None:
        assert DEFAULT_CALENDAR.is_working_day(date(2024, 7, 5))
        assert not DEFAULT_CALENDAR.is_working_day(date(2024, 7, 6))
        assert not DEFAULT_CALENDAR.is_working_day(date(2024, 7, 7))

    def test_next_working_day_is_strictly_after(self) -> None:
        assert DEFAULT_CALENDAR.next_working_day(date(2024, 7, 4)) == date(2024, 7, 5)
        assert DEFAULT_CALENDAR.next_working_day(date(2024, 7, 5)) == date(2024, 7, 8)

    def test_working_exception_wins_over_weekend_and_holiday(self) -> None:
        saturday = date(2024, 7, 6)
        calendar = work_calendar_from_lists(
            holidays=["2025-06-09"], working_days=[saturday.isoformat(), "2025-06-09"]
        )

        assert calendar.is_working_day(saturday)
        assert calendar.is_working_day(TRINITY_2025)

    def test_built_from_plain_lists(self) -> None:
        calendar = work_calendar_from_lists(
            weekend_days=[7], holidays=["2025-01-01", date(2025, 1, 7)]
        )

        assert calendar == WorkCalendar(
            weekend_days=frozenset({7}),
            holidays=frozenset({date(2025, 1, 1), date(2025, 1, 7)}),
        )
        assert calendar.is_working_day(date(2025, 1, 4))
        assert calendar.next_working_day(date(2024, 12, 31)) == date(2025, 1, 2)

    @pytest.mark.parametrize(
        "bad",
        [
            {"weekend_days": [0]},
            {"weekend_days": [8]},
            {"weekend_days": [1, 2, 3, 4, 5, 6, 7]},
            {"holidays": ["31.12.2025"]},
        ],
    )
    def test_bad_reference_data_is_refused(self, bad: dict[str, list[object]]) -> None:
        with pytest.raises(ValidationError):
            WorkCalendar.model_validate(bad)


@pytest.mark.parametrize(
    "settings",
    [
        {"month_counting": "calendar_month", "no_further_study_days": 29},
        {"no_further_study_days": 31},
        {"month_counting": "30_days", "general_term_days": 46},
        {"general_term_days": 46},
        {"month_counting": "calendar_month", "ceiling_days": 30},
        {"ceiling_days": 29},
        {"forward_days": 46},
        {"return_days": 0},
        {"month_counting": "two_moons"},
        {"unknown_setting": True},
    ],
)
def test_inconsistent_policies_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        DeadlinePolicy.model_validate(settings)


def test_policy_loads_from_plain_settings() -> None:
    policy = DeadlinePolicy.model_validate(
        {"month_counting": "30_days", "non_working_last_day": "next_working_day"}
    )

    assert due_date(date(2025, 1, 31), policy=policy) == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 5, 15), 0, date(2024, 5, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
