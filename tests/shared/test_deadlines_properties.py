"""Properties of the deadline arithmetic that must hold for every policy and calendar."""

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from shared.deadlines import (
    KYIV,
    DeadlinePolicy,
    ExtensionRefused,
    WorkCalendar,
    add_months,
    ceiling_date,
    clock_start,
    complaint_deadline,
    complaint_is_late,
    days_left,
    due_after_redirect,
    due_date,
    extended_due_date,
    forward_due_date,
    is_overdue,
    return_due_date,
)

receipt_dates = st.dates(min_value=date(1996, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def policies(draw: st.DrawFn) -> DeadlinePolicy:
    """Every policy the validator admits, built so that it always does."""
    month_counting = draw(st.sampled_from(["calendar_month", "30_days"]))
    general_term_days = draw(st.integers(min_value=28, max_value=45))
    longest_general = 31 if month_counting == "calendar_month" else general_term_days
    ceiling_days = draw(st.integers(min_value=max(longest_general, 31), max_value=60))
    shortest_general = 28 if month_counting == "calendar_month" else general_term_days
    return DeadlinePolicy(
        month_counting=month_counting,
        non_working_last_day=draw(st.sampled_from(["keep", "next_working_day"])),
        redirect_restarts_clock=draw(st.booleans()),
        no_further_study_days=draw(st.integers(min_value=1, max_value=shortest_general)),
        general_term_days=general_term_days,
        ceiling_days=ceiling_days,
        forward_days=draw(st.integers(min_value=1, max_value=ceiling_days)),
        return_days=draw(st.integers(min_value=1, max_value=ceiling_days)),
    )


@st.composite
def receipts_with_calendars(draw: st.DrawFn) -> tuple[date, WorkCalendar]:
    """A receipt date and a calendar whose holidays crowd the weeks that follow it."""
    received_on = draw(receipt_dates)
    nearby_days = st.integers(min_value=0, max_value=75).map(
        lambda offset: received_on + timedelta(days=offset)
    )
    calendar = WorkCalendar(
        weekend_days=draw(st.frozensets(st.integers(min_value=1, max_value=7), max_size=6)),
        holidays=draw(st.frozensets(nearby_days, max_size=40)),
        working_days=draw(st.frozensets(nearby_days, max_size=10)),
    )
    return received_on, calendar


@given(receipts_with_calendars(), policies(), st.booleans())
def test_no_due_date_passes_the_ceiling_or_precedes_the_next_day(
    receipt: tuple[date, WorkCalendar], policy: DeadlinePolicy, needs_no_further_study: bool
) -> None:
    received_on, calendar = receipt
    ceiling = ceiling_date(received_on, policy)

    terms = [
        due_date(
            received_on,
            needs_no_further_study=needs_no_further_study,
            policy=policy,
            calendar=calendar,
        ),
        forward_due_date(received_on, policy=policy, calendar=calendar),
        return_due_date(received_on, policy=policy, calendar=calendar),
    ]

    for term in terms:
        assert received_on + timedelta(days=1) <= term <= ceiling


@given(receipts_with_calendars(), policies())
def test_short_term_never_outlasts_the_general_term(
    receipt: tuple[date, WorkCalendar], policy: DeadlinePolicy
) -> None:
    received_on, calendar = receipt

    short = due_date(received_on, needs_no_further_study=True, policy=policy, calendar=calendar)
    general = due_date(received_on, policy=policy, calendar=calendar)

    assert short <= general


@given(receipts_with_calendars(), policies(), st.booleans())
def test_moving_off_a_non_working_day_only_ever_adds_time(
    receipt: tuple[date, WorkCalendar], policy: DeadlinePolicy, needs_no_further_study: bool
) -> None:
    received_on, calendar = receipt
    kept = due_date(
        received_on,
        needs_no_further_study=needs_no_further_study,
        policy=policy.model_copy(update={"non_working_last_day": "keep"}),
        calendar=calendar,
    )
    moved_policy = policy.model_copy(update={"non_working_last_day": "next_working_day"})

    moved = due_date(
        received_on,
        needs_no_further_study=needs_no_further_study,
        policy=moved_policy,
        calendar=calendar,
    )

    assert moved >= kept
    assert calendar.is_working_day(moved) or moved in (kept, ceiling_date(received_on, policy))
    assert all(
        not calendar.is_working_day(kept + timedelta(days=offset))
        for offset in range((moved - kept).days)
    )


@given(receipts_with_calendars(), policies(), st.integers(min_value=-10, max_value=60))
def test_an_accepted_extension_never_shortens_nor_passes_the_ceiling(
    receipt: tuple[date, WorkCalendar], policy: DeadlinePolicy, requested_offset: int
) -> None:
    received_on, calendar = receipt
    current_due = due_date(received_on, policy=policy, calendar=calendar)
    requested = received_on + timedelta(days=requested_offset)

    try:
        extended = extended_due_date(
            received_on,
            current_due,
            requested,
            applicant_notified=True,
            reason="потрібен висновок експертизи",
            policy=policy,
        )
    except ExtensionRefused as refused:
        expected_code = "shortens" if requested < current_due else "past_ceiling"
        assert refused.reason_code == expected_code
        assert requested < current_due or requested > ceiling_date(received_on, policy)
    else:
        assert current_due <= extended == requested <= ceiling_date(received_on, policy)


@given(receipt_dates, st.integers(min_value=0, max_value=60), policies(), st.booleans())
def test_redirect_changes_the_due_date_only_when_the_policy_restarts_the_clock(
    received_on: date, days_until_redirect: int, policy: DeadlinePolicy, no_further_study: bool
) -> None:
    redirected_on = received_on + timedelta(days=days_until_redirect)

    after_redirect = due_after_redirect(
        received_on, redirected_on, needs_no_further_study=no_further_study, policy=policy
    )

    counted_from = redirected_on if policy.redirect_restarts_clock else received_on
    assert clock_start(received_on, redirected_on, policy) == counted_from
    assert after_redirect == due_date(
        counted_from, needs_no_further_study=no_further_study, policy=policy
    )
    if not policy.redirect_restarts_clock:
        assert after_redirect == due_date(
            received_on, needs_no_further_study=no_further_study, policy=policy
        )


@given(receipts_with_calendars(), st.integers(min_value=0, max_value=60), policies(), st.booleans())
def test_the_due_date_after_a_restarting_redirect_is_a_valid_extension_target(
    receipt: tuple[date, WorkCalendar],
    days_until_redirect: int,
    any_policy: DeadlinePolicy,
    no_further_study: bool,
) -> None:
    received_on, calendar = receipt
    redirected_on = received_on + timedelta(days=days_until_redirect)
    policy = any_policy.model_copy(update={"redirect_restarts_clock": True})
    start = clock_start(received_on, redirected_on, policy)
    due = due_after_redirect(
        received_on,
        redirected_on,
        needs_no_further_study=no_further_study,
        policy=policy,
        calendar=calendar,
    )

    extended = extended_due_date(
        start,
        due_after_redirect(
            received_on,
            redirected_on,
            needs_no_further_study=no_further_study,
            policy=policy,
            calendar=calendar,
        ),
        due,
        applicant_notified=True,
        reason="x",
        policy=policy,
    )

    assert start == redirected_on
    assert extended == due <= ceiling_date(start, policy)


offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(receipt_dates, offsets)
def test_overdue_flips_exactly_at_kyiv_midnight_after_due(due: date, shown_in: timezone) -> None:
    kyiv_midnight = datetime.combine(due + timedelta(days=1), time(0), tzinfo=KYIV)
    last_moment_in_time = (kyiv_midnight - timedelta(microseconds=1)).astimezone(shown_in)
    first_overdue_moment = kyiv_midnight.astimezone(shown_in)

    assert not is_overdue(due, last_moment_in_time, closed=False)
    assert is_overdue(due, first_overdue_moment, closed=False)
    assert days_left(due, last_moment_in_time) == 0
    assert days_left(due, first_overdue_moment) == -1
    assert not is_overdue(due, first_overdue_moment, closed=True)


@given(
    receipt_dates,
    st.datetimes(
        min_value=datetime(1996, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
    ),
)
def test_overdue_means_no_days_left(due: date, now: datetime) -> None:
    assert is_overdue(due, now, closed=False) == (days_left(due, now) < 0)


@given(receipts_with_calendars())
def test_next_working_day_skips_only_non_working_days(
    receipt: tuple[date, WorkCalendar],
) -> None:
    day, calendar = receipt

    following = calendar.next_working_day(day)

    assert following > day
    assert calendar.is_working_day(following)
    assert all(
        not calendar.is_working_day(day + timedelta(days=offset))
        for offset in range(1, (following - day).days)
    )


@given(receipt_dates, st.integers(min_value=0, max_value=24))
def test_add_months_keeps_the_day_number_or_clamps_to_month_end(start: date, months: int) -> None:
    result = add_months(start, months)

    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (
        result.day < start.day and (result + timedelta(days=1)).day == 1
    )


@given(
    receipt_dates,
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=800),
    policies(),
)
def test_complaint_is_late_exactly_after_its_deadline(
    decided_on: date, days_to_learn: int, days_to_file: int, policy: DeadlinePolicy
) -> None:
    learned_on = decided_on + timedelta(days=days_to_learn)
    filed_on = decided_on + timedelta(days=days_to_file)
    deadline = complaint_deadline(decided_on, learned_on, policy=policy)

    assert complaint_is_late(decided_on, learned_on, filed_on, policy=policy) == (
        filed_on > deadline
    )
    if policy.non_working_last_day == "keep":
        assert deadline <= add_months(decided_on, 12)
    assert deadline > learned_on or learned_on >= add_months(decided_on, 12)
