"""Executive discipline of a body: the counts, and one score comparable between bodies.

Pure: the caller passes the facts of the appeals a body received in a period (its cohort)
and the Kyiv day of judgement. Every count has a membership test (``belongs``), so the
appeals behind a number can be listed with the same rule that counted them.

The score (0-100) is a weighted mean of rates, each in [0, 1]:

    on_time           0.50   answered on time / (answered + open and overdue)
    first_time_right  0.20   1 - returned for rework / answered
    in_competence     0.10   1 - redirected away / (received + redirected away)
    satisfaction      0.20   (satisfied + 0.5 x partly satisfied) / rated

A rate whose denominator is zero says nothing about the body and is left out; the weights
of the remaining rates are scaled up to sum to 1. With no rate at all there is no score.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

Metric = Literal[
    "received",
    "answered",
    "answered_on_time",
    "overdue_open",
    "overdue_answered",
    "extended",
    "returned_for_rework",
    "repeated",
    "rated",
    "satisfied",
]
REPEATED_SIGNS: Final = frozenset({"repeated", "multiple"})
WEIGHTS: Final[dict[str, float]] = {
    "on_time": 0.5,
    "first_time_right": 0.2,
    "in_competence": 0.1,
    "satisfaction": 0.2,
}


@dataclass(frozen=True)
class AppealFacts:
    """What discipline needs of one appeal; ``answered_on`` is the Kyiv day of the answer."""

    appeal_id: uuid.UUID
    registration_number: str | None
    received_on: date
    due_date: date
    answered_on: date | None
    awaiting_answer: bool
    extensions: int = 0
    reworks: int = 0
    sign: str | None = None
    satisfied: Literal["yes", "no", "partly"] | None = None


_RULES: Final[dict[Metric, Callable[[AppealFacts, date], bool]]] = {
    "received": lambda facts, today: True,
    "answered": lambda facts, today: facts.answered_on is not None,
    "answered_on_time": lambda facts, today: (
        facts.answered_on is not None and facts.answered_on <= facts.due_date
    ),
    "overdue_open": lambda facts, today: facts.awaiting_answer and today > facts.due_date,
    "overdue_answered": lambda facts, today: (
        facts.answered_on is not None and facts.answered_on > facts.due_date
    ),
    "extended": lambda facts, today: facts.extensions > 0,
    "returned_for_rework": lambda facts, today: facts.reworks > 0,
    "repeated": lambda facts, today: facts.sign in REPEATED_SIGNS,
    "rated": lambda facts, today: facts.satisfied is not None,
    "satisfied": lambda facts, today: facts.satisfied == "yes",
}
METRICS: Final[tuple[Metric, ...]] = tuple(_RULES)


def belongs(metric: Metric, facts: AppealFacts, today: date) -> bool:
    """Whether the appeal is counted in ``metric`` (the drill-down uses the same rule)."""
    return _RULES[metric](facts, today)


@dataclass(frozen=True)
class DisciplineParts:
    received: int
    answered: int
    answered_on_time: int
    overdue_open: int
    overdue_answered: int
    extended: int
    redirected: int
    returned_for_rework: int
    repeated: int
    rated: int
    satisfied: int
    partly_satisfied: int
    average_days_to_answer: float | None
    p90_days_to_answer: float | None


@dataclass(frozen=True)
class Score:
    value: float | None
    rates: dict[str, float]
    weights: dict[str, float]


def percentile_nearest_rank(values: Iterable[int], fraction: float) -> float | None:
    """The smallest value with at least ``fraction`` of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(fraction * len(ordered)))
    return float(ordered[rank - 1])


def measure(facts: Iterable[AppealFacts], redirected: int, today: date) -> DisciplineParts:
    """Count a body's cohort; ``redirected`` counts appeals it sent away as not its own."""
    cohort = list(facts)
    counts = {
        metric: sum(1 for item in cohort if belongs(metric, item, today)) for metric in METRICS
    }
    days = [
        (item.answered_on - item.received_on).days
        for item in cohort
        if item.answered_on is not None
    ]
    return DisciplineParts(
        received=counts["received"],
        answered=counts["answered"],
        answered_on_time=counts["answered_on_time"],
        overdue_open=counts["overdue_open"],
        overdue_answered=counts["overdue_answered"],
        extended=counts["extended"],
        redirected=redirected,
        returned_for_rework=counts["returned_for_rework"],
        repeated=counts["repeated"],
        rated=counts["rated"],
        satisfied=counts["satisfied"],
        partly_satisfied=sum(1 for item in cohort if item.satisfied == "partly"),
        average_days_to_answer=round(sum(days) / len(days), 2) if days else None,
        p90_days_to_answer=percentile_nearest_rank(days, 0.9),
    )


def score(parts: DisciplineParts) -> Score:
    """The weighted mean of the rates that can be judged, scaled to 0-100."""
    rates: dict[str, float] = {}
    judged_on_time = parts.answered + parts.overdue_open
    if judged_on_time:
        rates["on_time"] = parts.answered_on_time / judged_on_time
    if parts.answered:
        rates["first_time_right"] = (
            1.0 - min(parts.returned_for_rework, parts.answered) / parts.answered
        )
    if parts.received + parts.redirected:
        rates["in_competence"] = 1.0 - parts.redirected / (parts.received + parts.redirected)
    if parts.rated:
        rates["satisfaction"] = (parts.satisfied + 0.5 * parts.partly_satisfied) / parts.rated
    if not rates:
        return Score(value=None, rates={}, weights={})
    total_weight = sum(WEIGHTS[name] for name in rates)
    weights = {name: WEIGHTS[name] / total_weight for name in rates}
    value = 100.0 * sum(weights[name] * rate for name, rate in rates.items())
    return Score(
        value=round(value, 1),
        rates={name: round(rate, 4) for name, rate in rates.items()},
        weights={name: round(weight, 4) for name, weight in weights.items()},
    )
