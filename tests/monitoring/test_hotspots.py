"""Hot-spot detection: the spike test, its guards, de-duplication and determinism."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson  # type: ignore[import-untyped]

from bench import hotspots_eval
from monitoring.hotspots import (
    DEFAULT_PARAMS,
    DailyCounts,
    HotspotParams,
    detect,
    detect_range,
    estimate_weekday_profile,
    poisson_upper_tail,
)

MONDAY = date(2025, 3, 3)
TOPIC = "009"
TERRITORY = "UA12020010000000000"
KEY = (TOPIC, TERRITORY)


def day_after(first: date, offset: int) -> date:
    return first + timedelta(days=offset)


def constant_series(value: int, days: int, first: date = MONDAY) -> dict[date, int]:
    return {day_after(first, offset): value for offset in range(days)}


def poisson_stream(seed: int, series: int = 40, days: int = 120) -> DailyCounts:
    rng = np.random.default_rng(seed)
    rates = rng.uniform(0.1, 5.0, size=series)
    return {
        (f"{index:03d}", "H01"): {
            day_after(MONDAY, offset): int(count)
            for offset, count in enumerate(rng.poisson(rate, size=days))
            if count
        }
        for index, rate in enumerate(rates)
    }


@settings(max_examples=200, deadline=None)
@given(
    observed=st.integers(min_value=0, max_value=400),
    expected=st.floats(min_value=0.001, max_value=300.0),
)
def test_poisson_tail_matches_the_reference_distribution(observed: int, expected: float) -> None:
    reference = float(poisson.sf(observed - 1, expected))
    assert poisson_upper_tail(observed, expected) == pytest.approx(reference, rel=1e-9, abs=1e-300)


def test_poisson_tail_edges() -> None:
    assert poisson_upper_tail(0, 3.0) == 1.0
    assert poisson_upper_tail(1, 0.0) == 0.0
    assert poisson_upper_tail(1, 0.1) == pytest.approx(1.0 - np.exp(-0.1))


def test_clear_spike_is_detected_on_its_first_day() -> None:
    series = constant_series(2, 40)
    spike_day = day_after(MONDAY, 35)
    series[spike_day] = 12
    counts = {KEY: series, ("001", TERRITORY): constant_series(2, 40)}

    assert detect(counts, spike_day - timedelta(days=1)) == []
    [found] = detect(counts, spike_day)
    assert (found.topic_code, found.territory_code, found.day) == (TOPIC, TERRITORY, spike_day)
    assert (found.observed, found.window_days) == (12, 1)
    assert found.expected == pytest.approx(2.0)
    assert found.p_value == pytest.approx(3 * poisson.sf(11, 2.0))


def test_sustained_moderate_rise_is_found_through_the_longer_window() -> None:
    series = constant_series(2, 40)
    for offset in (35, 36, 37):
        series[day_after(MONDAY, offset)] = 6
    last_day = day_after(MONDAY, 37)

    [found] = detect({KEY: series}, last_day)

    assert (found.observed, found.window_days) == (18, 3)
    assert found.expected == pytest.approx(6.0)


@pytest.mark.parametrize("params", [DEFAULT_PARAMS, replace(DEFAULT_PARAMS, min_count=1)])
def test_one_appeal_after_an_empty_baseline_does_not_alarm(params: HotspotParams) -> None:
    today = day_after(MONDAY, 40)
    counts = {KEY: {today: 1}, ("001", "H02"): constant_series(3, 41)}

    assert detect(counts, today, params) == []


def test_a_burst_in_a_silent_series_alarms_despite_the_empty_baseline() -> None:
    today = day_after(MONDAY, 40)
    counts = {KEY: {today: 6}}

    [found] = detect(counts, today)

    assert found.expected == pytest.approx(DEFAULT_PARAMS.min_expected)


def test_quiet_weekday_is_judged_against_its_own_level() -> None:
    weekday_heavy = {
        day_after(MONDAY, offset): 1 if day_after(MONDAY, offset).weekday() >= 5 else 6
        for offset in range(41)
    }
    sunday = day_after(MONDAY, 41)
    assert sunday.weekday() == 6
    weekday_heavy[sunday] = 8
    counts = {KEY: weekday_heavy}

    assert [found.day for found in detect(counts, sunday)] == [sunday]
    assert detect(counts, sunday, replace(DEFAULT_PARAMS, weekday_profile=(1.0,) * 7)) == []


def test_continuing_spike_is_reported_once_on_its_first_day() -> None:
    series = constant_series(1, 80)
    spike_days = [day_after(MONDAY, offset) for offset in range(40, 45)]
    for spike_day in spike_days:
        series[spike_day] = 15
    counts = {KEY: series}
    alarming_days = [day for day in spike_days if detect(counts, day)]

    reported = detect_range(counts, day_after(MONDAY, 35), day_after(MONDAY, 79))

    assert len(alarming_days) > 1
    assert [found.day for found in reported] == [spike_days[0]]


def test_new_spike_after_the_cooldown_is_a_new_problem() -> None:
    series = constant_series(1, 120)
    first_spike, second_spike = day_after(MONDAY, 40), day_after(MONDAY, 90)
    series[first_spike] = series[second_spike] = 15
    counts = {KEY: series}

    reported = detect_range(counts, day_after(MONDAY, 35), day_after(MONDAY, 119))

    assert [found.day for found in reported] == [first_spike, second_spike]


def test_alarm_within_the_cooldown_is_part_of_the_same_problem() -> None:
    series = constant_series(1, 80)
    first_spike = day_after(MONDAY, 40)
    series[first_spike] = 15
    series[first_spike + timedelta(days=5)] = 15
    counts = {KEY: series}
    params = replace(DEFAULT_PARAMS, cooldown_days=7)

    reported = detect_range(counts, day_after(MONDAY, 35), day_after(MONDAY, 79), params)

    assert detect(counts, first_spike + timedelta(days=5), params)
    assert [found.day for found in reported] == [first_spike]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_flat_poisson_streams_raise_few_alarms(seed: int) -> None:
    counts = poisson_stream(seed)

    alarms = detect_range(counts, day_after(MONDAY, 36), day_after(MONDAY, 119))

    assert len(alarms) <= 12, "40 series x 84 days without any spike"


@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), extra=st.integers(1, 30))
def test_more_appeals_today_never_silence_an_alarm(seed: int, extra: int) -> None:
    counts = poisson_stream(seed, series=10, days=40)
    today = day_after(MONDAY, 39)
    raised = {(found.topic_code, found.territory_code) for found in detect(counts, today)}
    boosted = {key: dict(series) for key, series in counts.items()}
    boosted_key = ("000", "H01")
    boosted[boosted_key][today] = boosted[boosted_key].get(today, 0) + extra

    raised_after = {(found.topic_code, found.territory_code) for found in detect(boosted, today)}

    assert raised - {boosted_key} == raised_after - {boosted_key}
    if boosted_key in raised:
        assert boosted_key in raised_after


def test_results_do_not_depend_on_the_order_of_series() -> None:
    counts = poisson_stream(7)
    series = constant_series(2, 120)
    series[day_after(MONDAY, 60)] = 14
    counts = {**counts, KEY: series}
    shuffled_keys = list(counts)
    random.Random(3).shuffle(shuffled_keys)
    shuffled = {key: counts[key] for key in shuffled_keys}
    first, last = day_after(MONDAY, 36), day_after(MONDAY, 119)

    reported = detect_range(counts, first, last)

    assert reported == detect_range(counts, first, last)
    assert reported == detect_range(shuffled, first, last)
    assert any(found.day == day_after(MONDAY, 60) for found in reported)


def test_detections_come_most_significant_first() -> None:
    today = day_after(MONDAY, 40)
    counts = {
        ("001", "H01"): {**constant_series(2, 40), today: 10},
        ("002", "H01"): {**constant_series(2, 40), today: 20},
    }

    assert [found.topic_code for found in detect(counts, today)] == ["002", "001"]


def test_weekday_profile_is_pooled_and_averages_one() -> None:
    counts = {
        ("001", "H01"): {day_after(MONDAY, offset): 4 for offset in range(0, 28, 7)},
        ("002", "H01"): {day_after(MONDAY, offset): 3 for offset in range(0, 28)},
    }

    profile = estimate_weekday_profile(counts, MONDAY, day_after(MONDAY, 27))

    assert sum(profile) / 7 == pytest.approx(1.0)
    assert profile[0] == pytest.approx(7 * 7 / 25)
    assert profile[1:] == pytest.approx((3 * 7 / 25,) * 6)
    assert estimate_weekday_profile({}, MONDAY, day_after(MONDAY, 27)) == (1.0,) * 7


@pytest.mark.parametrize(
    "change",
    [
        {"window_days": 0},
        {"baseline_days": 6},
        {"alpha": 0.0},
        {"alpha": 1.0},
        {"min_count": 0},
        {"min_expected": 0.0},
        {"cooldown_days": -1},
        {"weekday_profile": (1.0,) * 6},
        {"weekday_profile": (1.0,) * 6 + (-1.0,)},
    ],
)
def test_invalid_params_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        replace(DEFAULT_PARAMS, **change)


def test_detect_range_refuses_an_inverted_span() -> None:
    with pytest.raises(ValueError):
        detect_range({}, day_after(MONDAY, 1), MONDAY)


def test_evaluation_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "figures" / "hotspots.json"

    hotspots_eval.main(["--runs", "1", "--weeks", "8", "--spikes", "50", "--out", str(out)])

    figures = json.loads(out.read_text())
    assert figures["planted"] > 0
    assert 0.0 <= figures["detection_rate"] <= 1.0
    assert figures["false_alarms_per_week"] >= 0.0
    assert figures["params"]["alpha"] == DEFAULT_PARAMS.alpha


def test_generated_stream_is_reproducible_from_its_seed() -> None:
    config = hotspots_eval.StreamConfig(weeks=6, spikes=25)

    first, second = hotspots_eval.generate_stream(config), hotspots_eval.generate_stream(config)

    assert first.counts == second.counts
    assert first.spikes == second.spikes
    assert first.spikes
    other = hotspots_eval.generate_stream(replace(config, seed=config.seed + 1))
    assert other.counts != first.counts
