"""Hot spots: a sudden rise of appeals on one topic in one territory.

The regional center must notice "socially important problems that need an urgent
management decision" and report them. Here such a problem shows up as a spike in one
(topic, territory) daily series measured against that series' own recent past.

The test is deliberately plain so that a supervisor can check any alarm by hand:

1. Baseline: the ``baseline_days`` days just before the window under test. Its total,
   divided by the summed weekday weights of those days, gives the series' rate per
   ordinary day (weekends are quieter, so each day counts with its weekday weight).
2. Windows: the last 1, 2, ... ``window_days`` days ending on the day under test. The
   expected count of a window is the rate times the window's weekday weights, never
   less than ``min_expected`` per day (so a series with an empty baseline does not
   alarm on a single appeal).
3. P-value: the exact upper Poisson tail P(X >= observed | expected), multiplied by the
   number of windows tried (Bonferroni), taken over windows whose observed count is at
   least ``min_count``. The smallest one is the series' p-value for the day.
4. Alarm when that p-value is below ``alpha``.

The module is pure: no database, no clock, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

SeriesKey = tuple[str, str]
"""(topic code, territory code), e.g. ("009", "UA12020010000000000")."""

DailyCounts = Mapping[SeriesKey, Mapping[date, int]]
"""Appeals per day for each series; a missing day means zero appeals."""

DAYS_IN_WEEK = 7
_TAIL_PRECISION = 1e-17


@dataclass(frozen=True)
class HotspotParams:
    """Parameters of the spike test; the defaults are tuned by ``bench.hotspots_eval``.

    ``weekday_profile`` holds seven relative weights, Monday first. When it is None the
    profile is estimated from all series together over the baseline days, because a
    single small series is far too sparse to tell its own weekday pattern.
    """

    window_days: int = 3
    baseline_days: int = 28
    alpha: float = 1e-3
    min_count: int = 5
    min_expected: float = 0.1
    cooldown_days: int = 7
    weekday_profile: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if self.window_days < 1:
            raise ValueError("window_days must be at least 1")
        if self.baseline_days < DAYS_IN_WEEK:
            raise ValueError("baseline_days must cover at least one week")
        if not 0.0 < self.alpha < 1.0:
            raise ValueError("alpha must lie strictly between 0 and 1")
        if self.min_count < 1:
            raise ValueError("min_count must be at least 1")
        if self.min_expected <= 0.0:
            raise ValueError("min_expected must be positive")
        if self.cooldown_days < 0:
            raise ValueError("cooldown_days must not be negative")
        profile = self.weekday_profile
        if profile is not None and (
            len(profile) != DAYS_IN_WEEK or any(weight < 0.0 for weight in profile)
        ):
            raise ValueError("weekday_profile needs seven non-negative weights")


DEFAULT_PARAMS = HotspotParams()


@dataclass(frozen=True)
class Detection:
    """One alarm: ``observed`` appeals in the last ``window_days`` days up to ``day``."""

    topic_code: str
    territory_code: str
    day: date
    observed: int
    expected: float
    p_value: float
    window_days: int = 1


def poisson_upper_tail(observed: int, expected: float) -> float:
    """Exact P(X >= observed) for X ~ Poisson(expected).

    Summed term by term in log space, because the interesting values are tiny and
    ``1 - cdf`` would round them to zero.
    """
    if observed <= 0:
        return 1.0
    if expected <= 0.0:
        return 0.0
    log_rate = math.log(expected)

    def log_pmf(count: int) -> float:
        return count * log_rate - expected - math.lgamma(count + 1)

    if observed <= expected:
        lower = math.fsum(math.exp(log_pmf(count)) for count in range(observed))
        return max(0.0, 1.0 - lower)
    term = math.exp(log_pmf(observed))
    total = term
    count = observed
    while term > total * _TAIL_PRECISION:
        count += 1
        term *= expected / count
        total += term
    return min(1.0, total)


def estimate_weekday_profile(
    daily_counts: DailyCounts, first_day: date, last_day: date
) -> tuple[float, ...]:
    """Mean appeals per weekday over all series, scaled so the seven weights average 1.

    A span without any appeal (or shorter than a week) gives a flat profile.
    """
    span = (last_day - first_day).days + 1
    if span < DAYS_IN_WEEK:
        return (1.0,) * DAYS_IN_WEEK
    days = [first_day + timedelta(days=offset) for offset in range(span)]
    totals = [0.0] * DAYS_IN_WEEK
    occurrences = [0] * DAYS_IN_WEEK
    for current in days:
        occurrences[current.weekday()] += 1
    for series in daily_counts.values():
        for current in days:
            totals[current.weekday()] += series.get(current, 0)
    means = [total / seen for total, seen in zip(totals, occurrences, strict=True)]
    overall = sum(means) / DAYS_IN_WEEK
    if overall <= 0.0:
        return (1.0,) * DAYS_IN_WEEK
    return tuple(mean / overall for mean in means)


def detect(
    daily_counts: DailyCounts, day: date, params: HotspotParams = DEFAULT_PARAMS
) -> list[Detection]:
    """Test every series on ``day``; alarms come most significant first."""
    baseline_last = day - timedelta(days=params.window_days)
    baseline_first = baseline_last - timedelta(days=params.baseline_days - 1)
    profile = params.weekday_profile or estimate_weekday_profile(
        daily_counts, baseline_first, baseline_last
    )
    baseline_days = [
        baseline_first + timedelta(days=offset) for offset in range(params.baseline_days)
    ]
    baseline_weight = sum(profile[current.weekday()] for current in baseline_days)
    window_days = [day - timedelta(days=back) for back in range(params.window_days)]
    window_weights = list(accumulate(profile[current.weekday()] for current in window_days))

    detections: list[Detection] = []
    for (topic_code, territory_code), series in daily_counts.items():
        observed_by_window = list(accumulate(series.get(current, 0) for current in window_days))
        if observed_by_window[-1] < params.min_count:
            continue
        baseline_total = sum(series.get(current, 0) for current in baseline_days)
        rate = baseline_total / baseline_weight if baseline_weight > 0.0 else 0.0
        best: tuple[float, int, float] | None = None
        for index, observed in enumerate(observed_by_window):
            if observed < params.min_count:
                continue
            length = index + 1
            expected = max(rate * window_weights[index], params.min_expected * length)
            p_value = min(1.0, poisson_upper_tail(observed, expected) * params.window_days)
            if best is None or p_value < best[0]:
                best = (p_value, length, expected)
        if best is not None and best[0] < params.alpha:
            p_value, length, expected = best
            detections.append(
                Detection(
                    topic_code=topic_code,
                    territory_code=territory_code,
                    day=day,
                    observed=observed_by_window[length - 1],
                    expected=expected,
                    p_value=p_value,
                    window_days=length,
                )
            )
    detections.sort(key=lambda found: (found.p_value, found.topic_code, found.territory_code))
    return detections


def detect_range(
    daily_counts: DailyCounts,
    first_day: date,
    last_day: date,
    params: HotspotParams = DEFAULT_PARAMS,
) -> list[Detection]:
    """Test each day from ``first_day`` to ``last_day`` and report each problem once.

    A series that keeps alarming is one problem: only its first alarm is reported, and
    a new one counts only after more than ``cooldown_days`` quiet days since the last
    alarm of that series.
    """
    if last_day < first_day:
        raise ValueError("last_day must not be before first_day")
    last_alarm: dict[SeriesKey, date] = {}
    reported: list[Detection] = []
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        for detection in detect(daily_counts, day, params):
            key = (detection.topic_code, detection.territory_code)
            previous = last_alarm.get(key)
            last_alarm[key] = day
            if previous is None or (day - previous).days > params.cooldown_days + 1:
                reported.append(detection)
    return reported
