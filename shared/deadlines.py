"""Statutory deadlines for citizens' appeals (Law "Про звернення громадян").

One pure module, so that registry, router, monitoring and exchange compute the same dates
from the same law. Nothing here reads the clock, a database or the environment: callers pass
the receipt date, the current instant, the policy and the work calendar.

Day counting. Every clock runs from the day of receipt, a calendar date in Europe/Kyiv. A
term starts on the day after the event (Civil Code of Ukraine, Art. 253), so day 1 is the day
after receipt and "N days from receipt" ends on ``receipt + N days``: received on 1 March, the
15-day term ends on 16 March. The general term is 30 calendar days by default, as the binding
domain decision (Part A section 2) reads the Law's "one month": received on 31 January 2025,
it ends on 2 March. The Law is silent on the choice, so ``DeadlinePolicy`` may instead count
a calendar month, which ends on the same day number of the next month, or on that month's
last day when the number does not exist there (Civil Code, Art. 254): received on
31 January, the calendar month ends on 28 or 29 February.

Non-working days. By default a last day that falls on a weekend or holiday is kept; the policy
may move it to the next working day (Civil Code, Art. 254 part 5). The 45-day ceiling of
Art. 20 is absolute: a moved date never passes it, so the move stops on the ceiling even when
the ceiling itself is a non-working day.

Redirect. After a redirect every clock, the ceiling included, runs from ``clock_start``: the
original receipt by default, the redirect day when the policy restarts the clock.

Overdue is derived, never stored: an open appeal is overdue from the Kyiv day after its due
date. Priority applicants are served first, but their terms are the same (Art. 20).
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Final, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "DEFAULT_CALENDAR",
    "DEFAULT_POLICY",
    "EXTENSION_REFUSAL_TEXTS_UK",
    "KYIV",
    "Clocks",
    "DeadlinePolicy",
    "ExtensionRefusalCode",
    "ExtensionRefused",
    "LastDayRule",
    "MonthCounting",
    "WorkCalendar",
    "add_months",
    "ceiling_date",
    "clock_start",
    "clocks",
    "complaint_deadline",
    "complaint_is_late",
    "days_left",
    "due_after_redirect",
    "due_date",
    "extended_due_date",
    "forward_due_date",
    "is_overdue",
    "kyiv_date",
    "receipt_date",
    "return_due_date",
    "work_calendar_from_lists",
]


def _load_kyiv_zone() -> ZoneInfo:
    """Time zone databases older than 2022b know the zone only by its former spelling."""
    try:
        return ZoneInfo("Europe/Kyiv")
    except ZoneInfoNotFoundError:
        return ZoneInfo("Europe/Kiev")


KYIV: Final = _load_kyiv_zone()

MonthCounting = Literal["calendar_month", "30_days"]
LastDayRule = Literal["keep", "next_working_day"]
ExtensionRefusalCode = Literal["no_reason", "applicant_not_notified", "shortens", "past_ceiling"]

EXTENSION_REFUSAL_TEXTS_UK: Final[dict[ExtensionRefusalCode, str]] = {
    "no_reason": "Не зазначено причину продовження строку розгляду.",
    "applicant_not_notified": (
        "Немає підтвердження, що заявника повідомлено про продовження строку розгляду."
    ),
    "shortens": "Нова дата не може бути ранішою за чинний строк розгляду.",
    "past_ceiling": (
        "Загальний строк розгляду не може перевищувати сорока п’яти днів "
        "від дня надходження звернення."
    ),
}

_SHORTEST_MONTH_DAYS = 28
_LONGEST_MONTH_DAYS = 31
_MONTHS_IN_YEAR = 12
_TermDays = Annotated[int, Field(ge=1, le=366)]
_IsoWeekday = Annotated[int, Field(ge=1, le=7)]


class DeadlinePolicy(BaseModel):
    """The choices the Law leaves open, kept as settings so they change without code.

    The defaults follow the binding domain decision: a general term of 30 calendar days.
    ``general_term_days`` is used only when ``month_counting`` is "30_days".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    month_counting: MonthCounting = "30_days"
    non_working_last_day: LastDayRule = "keep"
    redirect_restarts_clock: bool = False
    no_further_study_days: _TermDays = 15
    general_term_days: _TermDays = 30
    ceiling_days: _TermDays = 45
    forward_days: _TermDays = 5
    return_days: _TermDays = 10

    @model_validator(mode="after")
    def _terms_are_ordered(self) -> Self:
        """Every guarantee of this module rests on short term <= general term <= ceiling."""
        calendar_month = self.month_counting == "calendar_month"
        shortest_general = _SHORTEST_MONTH_DAYS if calendar_month else self.general_term_days
        longest_general = _LONGEST_MONTH_DAYS if calendar_month else self.general_term_days
        if self.no_further_study_days > shortest_general:
            raise ValueError("the no-further-study term must not exceed the general term")
        if longest_general > self.ceiling_days:
            raise ValueError("the general term must not exceed the ceiling")
        if max(self.forward_days, self.return_days) > self.ceiling_days:
            raise ValueError("the forward and return terms must not exceed the ceiling")
        return self


class WorkCalendar(BaseModel):
    """Working and non-working days as editable reference data.

    Nothing is hard-coded: under martial law public holidays are working days, so holidays
    and working exceptions come from data. A date listed in ``working_days`` is a working day
    even when it is a weekend day or a holiday. Weekdays use ISO numbers, 1 = Monday ...
    7 = Sunday.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weekend_days: frozenset[_IsoWeekday] = frozenset({6, 7})
    holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    @model_validator(mode="after")
    def _some_weekday_works(self) -> Self:
        """A week without a working day would make the search for the next one endless."""
        if len(self.weekend_days) >= 7:
            raise ValueError("at least one day of the week must be a working day")
        return self

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        return day not in self.holidays and day.isoweekday() not in self.weekend_days

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate


def work_calendar_from_lists(
    weekend_days: Iterable[int] = (6, 7),
    holidays: Iterable[date | str] = (),
    working_days: Iterable[date | str] = (),
) -> WorkCalendar:
    """Build a calendar from plain values, as kept in a database table or a JSON file.

    Dates may be ``date`` objects or ISO strings ("2025-01-01"); bad values raise
    ``pydantic.ValidationError``.
    """
    return WorkCalendar.model_validate(
        {
            "weekend_days": list(weekend_days),
            "holidays": list(holidays),
            "working_days": list(working_days),
        }
    )


DEFAULT_POLICY: Final = DeadlinePolicy()
DEFAULT_CALENDAR: Final = WorkCalendar()


class ExtensionRefused(ValueError):
    """An extension the Law does not allow; ``reason_code`` names the rule it breaks."""

    def __init__(self, reason_code: ExtensionRefusalCode) -> None:
        super().__init__(reason_code)
        self.reason_code: ExtensionRefusalCode = reason_code

    @property
    def text_uk(self) -> str:
        """The explanation for the officer who asked for the extension."""
        return EXTENSION_REFUSAL_TEXTS_UK[self.reason_code]


@dataclass(frozen=True, slots=True)
class Clocks:
    """Every statutory date of one appeal, computed together from one receipt date."""

    received_on: date
    due: date
    ceiling: date
    forward_by: date
    return_by: date


def kyiv_date(moment: datetime) -> date:
    """The Kyiv calendar day of an instant; a naive datetime is refused as ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(KYIV).date()


def receipt_date(received_at: datetime) -> date:
    """The day of receipt from which every clock of the appeal runs."""
    return kyiv_date(received_at)


def add_months(start: date, months: int) -> date:
    """The same day number ``months`` later, clamped to that month's end (Civil Code, 254)."""
    years_carried, month_index = divmod(start.month - 1 + months, _MONTHS_IN_YEAR)
    year = start.year + years_carried
    month = month_index + 1
    last_day_of_month = gregorian.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day_of_month))


def ceiling_date(received_on: date, policy: DeadlinePolicy = DEFAULT_POLICY) -> date:
    """The last day any consideration may run to, extensions included (Art. 20: 45 days)."""
    return received_on + timedelta(days=policy.ceiling_days)


def due_date(
    received_on: date,
    *,
    needs_no_further_study: bool = False,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> date:
    """The term to consider and resolve an appeal (Art. 20): 15 days or one month."""
    if needs_no_further_study:
        last_day = received_on + timedelta(days=policy.no_further_study_days)
    else:
        last_day = _one_month_after(received_on, policy)
    return _apply_last_day_rule(last_day, received_on, policy, calendar)


def forward_due_date(
    received_on: date,
    *,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> date:
    """The last day to forward an appeal outside the body's competence (Art. 7: 5 days)."""
    last_day = received_on + timedelta(days=policy.forward_days)
    return _apply_last_day_rule(last_day, received_on, policy, calendar)


def return_due_date(
    received_on: date,
    *,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> date:
    """The last day to return a malformed appeal with explanations (Art. 5: 10 days)."""
    last_day = received_on + timedelta(days=policy.return_days)
    return _apply_last_day_rule(last_day, received_on, policy, calendar)


def clocks(
    received_on: date,
    *,
    needs_no_further_study: bool = False,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> Clocks:
    """All clocks at once, for the registration card and the deadline book."""
    return Clocks(
        received_on=received_on,
        due=due_date(
            received_on,
            needs_no_further_study=needs_no_further_study,
            policy=policy,
            calendar=calendar,
        ),
        ceiling=ceiling_date(received_on, policy),
        forward_by=forward_due_date(received_on, policy=policy, calendar=calendar),
        return_by=return_due_date(received_on, policy=policy, calendar=calendar),
    )


def extended_due_date(
    received_on: date,
    current_due: date,
    requested: date,
    *,
    applicant_notified: bool,
    reason: str,
    policy: DeadlinePolicy = DEFAULT_POLICY,
) -> date:
    """Accept an extension set by the head of the body, or raise ``ExtensionRefused``.

    Art. 20 allows it only with a stated reason and the applicant informed, and never past
    the ceiling. Asking for the current due date again is accepted, so a retried request is
    harmless. The requested date is kept as given: it is a decision, not a computed term.
    """
    if not reason.strip():
        raise ExtensionRefused("no_reason")
    if not applicant_notified:
        raise ExtensionRefused("applicant_not_notified")
    if requested < current_due:
        raise ExtensionRefused("shortens")
    if requested > ceiling_date(received_on, policy):
        raise ExtensionRefused("past_ceiling")
    return requested


def clock_start(
    received_on: date,
    redirected_on: date | None,
    policy: DeadlinePolicy = DEFAULT_POLICY,
) -> date:
    """The day from which the clocks and the 45-day ceiling run.

    Pass it as ``received_on`` to ``clocks``, ``ceiling_date`` and ``extended_due_date`` after
    a redirect, so that the ceiling and the due date always count from the same day.
    """
    if redirected_on is None:
        return received_on
    if redirected_on < received_on:
        raise ValueError("an appeal cannot be redirected before it was received")
    return redirected_on if policy.redirect_restarts_clock else received_on


def due_after_redirect(
    received_on: date,
    redirected_on: date,
    *,
    needs_no_further_study: bool = False,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> date:
    """The due date once the appeal is redirected to another body.

    By default the applicant's clock keeps running from the original receipt, so passing an
    appeal between bodies never buys time; a policy may restart it from the redirect day.
    """
    return due_date(
        clock_start(received_on, redirected_on, policy),
        needs_no_further_study=needs_no_further_study,
        policy=policy,
        calendar=calendar,
    )


def is_overdue(due: date, now: datetime, *, closed: bool) -> bool:
    """True from the Kyiv day after ``due`` for as long as the appeal is open."""
    return not closed and kyiv_date(now) > due


def days_left(due: date, now: datetime) -> int:
    """Whole Kyiv days until ``due``: 0 on the due day itself, negative once overdue."""
    return (due - kyiv_date(now)).days


def complaint_deadline(
    decided_on: date,
    learned_on: date,
    *,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> date:
    """The last day to file a complaint (Art. 17).

    One year from the decision, but no later than one month after the citizen learned of
    it. The month and the non-working-day rule follow the same policy as the other terms;
    the 45-day ceiling does not apply here.
    """
    if learned_on < decided_on:
        raise ValueError("the citizen cannot learn of a decision before it was made")
    year_limit = add_months(decided_on, _MONTHS_IN_YEAR)
    last_day = min(year_limit, _one_month_after(learned_on, policy))
    if policy.non_working_last_day == "keep" or calendar.is_working_day(last_day):
        return last_day
    return calendar.next_working_day(last_day)


def complaint_is_late(
    decided_on: date,
    learned_on: date,
    filed_on: date,
    *,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> bool:
    """Whether a complaint misses the Art. 17 period.

    A late complaint is not considered (Art. 8) unless the considering body restores a
    period missed for a good reason; that decision is a person's, not this function's.
    """
    deadline = complaint_deadline(decided_on, learned_on, policy=policy, calendar=calendar)
    return filed_on > deadline


def _one_month_after(start: date, policy: DeadlinePolicy) -> date:
    if policy.month_counting == "calendar_month":
        return add_months(start, 1)
    return start + timedelta(days=policy.general_term_days)


def _apply_last_day_rule(
    last_day: date, received_on: date, policy: DeadlinePolicy, calendar: WorkCalendar
) -> date:
    if policy.non_working_last_day == "keep" or calendar.is_working_day(last_day):
        return last_day
    return min(calendar.next_working_day(last_day), ceiling_date(received_on, policy))
