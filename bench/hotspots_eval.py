"""Evaluate hot-spot detection on a generated appeal stream with planted spikes.

The stream imitates the oblast: about 100,000 appeals a year spread over topics and
territories of very different size, fewer appeals at weekends, and day-to-day noise
larger than pure Poisson (real appeal counts are overdispersed). Spikes of known size
and length are planted in series with a usable base rate, then ``detect_range`` runs
over the whole period and the alarms are scored against the planted spikes.

Run: ``python -m bench.hotspots_eval [--seed N] [--out var/bench/hotspots.json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from monitoring.hotspots import DEFAULT_PARAMS, Detection, HotspotParams, SeriesKey, detect_range

WEEKDAY_FACTORS = (1.2, 1.15, 1.1, 1.1, 1.0, 0.55, 0.45)
"""Relative load Monday to Sunday: the lines work every day, but weekends are quieter."""

BASE_RATE_BANDS = ((0.05, 0.2), (0.2, 0.5), (0.5, 1.0), (1.0, 3.0), (3.0, float("inf")))


@dataclass(frozen=True)
class StreamConfig:
    """Shape of the generated stream; every draw comes from one seeded generator."""

    seed: int = 2024
    topics: int = 25
    territories: int = 40
    weeks: int = 26
    warmup_days: int = 42
    appeals_per_year: int = 100_000
    noise_shape: float = 20.0
    """Gamma shape of the daily rate noise: 20 means a day-to-day spread of about 22%."""
    spikes: int = 200
    """Spread evenly over the base-rate bands, at most one spike per series."""
    multipliers: tuple[float, ...] = (2.0, 3.0, 5.0, 8.0)
    durations: tuple[int, ...] = (1, 2, 3, 5)
    first_day: date = date(2025, 1, 6)


@dataclass(frozen=True)
class PlantedSpike:
    topic_code: str
    territory_code: str
    start: date
    days: int
    multiplier: float
    base_rate: float

    @property
    def last_day(self) -> date:
        return self.start + timedelta(days=self.days - 1)


@dataclass
class Stream:
    counts: dict[SeriesKey, dict[date, int]]
    base_rates: dict[SeriesKey, float]
    spikes: list[PlantedSpike]
    evaluated_first_day: date
    evaluated_last_day: date


@dataclass(frozen=True)
class SpikeOutcome:
    spike: PlantedSpike
    delay_days: int | None
    """Days from the spike's start to its first alarm; None when it was missed."""
    late: bool
    """Missed in time, but alarmed on later while the spike was still in the window."""


@dataclass
class Score:
    """Raw results of one run, kept separate so that several runs can be pooled."""

    outcomes: list[SpikeOutcome]
    false_alarm_bands: list[str]
    weeks: float
    series: int
    appeals: int
    alarms: int


def generate_stream(config: StreamConfig) -> Stream:
    """Draw daily counts for every (topic, territory) series and plant the spikes."""
    rng = np.random.default_rng(config.seed)
    topic_codes = [f"{number:03d}" for number in range(1, config.topics + 1)]
    territory_codes = [f"H{number:02d}" for number in range(1, config.territories + 1)]
    topic_shares = 1.0 / np.arange(1, config.topics + 1) ** 0.9
    rng.shuffle(topic_shares)
    topic_shares /= topic_shares.sum()
    territory_shares = rng.lognormal(mean=0.0, sigma=1.1, size=config.territories)
    territory_shares /= territory_shares.sum()
    per_day = config.appeals_per_year / 365.0
    base = per_day * np.outer(topic_shares, territory_shares).ravel()

    total_days = config.warmup_days + config.weeks * 7
    days = [config.first_day + timedelta(days=offset) for offset in range(total_days)]
    weekday = np.array([WEEKDAY_FACTORS[current.weekday()] for current in days])
    weekday /= np.mean(WEEKDAY_FACTORS)
    noise = rng.gamma(config.noise_shape, 1.0 / config.noise_shape, size=(base.size, total_days))
    rates = base[:, None] * weekday[None, :] * noise

    keys = [(topic, territory) for topic in topic_codes for territory in territory_codes]
    per_band = config.spikes // len(BASE_RATE_BANDS)
    spikes: list[PlantedSpike] = []
    for low, high in BASE_RATE_BANDS:
        in_band = np.flatnonzero((base >= low) & (base < high))
        chosen = rng.choice(in_band, size=min(per_band, in_band.size), replace=False)
        for series_index in chosen:
            length = int(rng.choice(config.durations))
            multiplier = float(rng.choice(config.multipliers))
            start = int(rng.integers(config.warmup_days, total_days - length - 7))
            rates[series_index, start : start + length] *= multiplier
            topic_code, territory_code = keys[series_index]
            spikes.append(
                PlantedSpike(
                    topic_code=topic_code,
                    territory_code=territory_code,
                    start=days[start],
                    days=length,
                    multiplier=multiplier,
                    base_rate=round(float(base[series_index]), 3),
                )
            )
    draws = rng.poisson(rates)
    counts = {
        key: {days[column]: int(value) for column, value in enumerate(row) if value}
        for key, row in zip(keys, draws, strict=True)
    }
    return Stream(
        counts=counts,
        base_rates={key: float(rate) for key, rate in zip(keys, base, strict=True)},
        spikes=sorted(spikes, key=lambda spike: (spike.start, spike.topic_code)),
        evaluated_first_day=days[config.warmup_days],
        evaluated_last_day=days[-1],
    )


def band_of(rate: float) -> str:
    for low, high in BASE_RATE_BANDS:
        if low <= rate < high:
            return f"{low:g}+" if high == float("inf") else f"{low:g}-{high:g}"
    return f"<{BASE_RATE_BANDS[0][0]:g}"


def score(stream: Stream, params: HotspotParams, detect_within_days: int) -> Score:
    """Match alarms to planted spikes.

    A hit is an alarm within ``detect_within_days`` of a spike's start. An alarm in a
    spiked series later, but while spike days are still inside the test window, is true
    but late, so it is neither a hit nor a false alarm; every other alarm is false.
    """
    detections = detect_range(
        stream.counts, stream.evaluated_first_day, stream.evaluated_last_day, params
    )
    by_series: dict[SeriesKey, list[Detection]] = defaultdict(list)
    for detection in detections:
        by_series[(detection.topic_code, detection.territory_code)].append(detection)

    outcomes: list[SpikeOutcome] = []
    explained: set[Detection] = set()
    for spike in stream.spikes:
        alarm_until = spike.last_day + timedelta(days=params.window_days - 1)
        true_alarms = [
            found
            for found in by_series.get((spike.topic_code, spike.territory_code), [])
            if spike.start <= found.day <= alarm_until
        ]
        explained.update(true_alarms)
        delays = [(found.day - spike.start).days for found in true_alarms]
        in_time = [delay for delay in delays if delay < detect_within_days]
        outcomes.append(
            SpikeOutcome(
                spike=spike,
                delay_days=in_time[0] if in_time else None,
                late=bool(delays) and not in_time,
            )
        )
    return Score(
        outcomes=outcomes,
        false_alarm_bands=[
            band_of(stream.base_rates[(found.topic_code, found.territory_code)])
            for found in detections
            if found not in explained
        ],
        weeks=((stream.evaluated_last_day - stream.evaluated_first_day).days + 1) / 7,
        series=len(stream.counts),
        appeals=sum(sum(series.values()) for series in stream.counts.values()),
        alarms=len(detections),
    )


def detection_summary(outcomes: Sequence[SpikeOutcome]) -> dict[str, Any]:
    delays = [outcome.delay_days for outcome in outcomes if outcome.delay_days is not None]
    return {
        "planted": len(outcomes),
        "detected": len(delays),
        "detection_rate": round(len(delays) / len(outcomes), 3) if outcomes else None,
        "mean_delay_days": round(statistics.fmean(delays), 2) if delays else None,
        "median_delay_days": float(statistics.median(delays)) if delays else None,
    }


def grouped(
    outcomes: Sequence[SpikeOutcome], label: Callable[[PlantedSpike], str]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[SpikeOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[label(outcome.spike)].append(outcome)
    return {key: detection_summary(groups[key]) for key in sorted(groups)}


def is_moderate(spike: PlantedSpike) -> bool:
    """The spikes a supervisor must not miss: 3-5 times the usual rate for 2+ days."""
    return 3.0 <= spike.multiplier <= 5.0 and spike.days >= 2


def summarize(scores: Sequence[Score], detect_within_days: int) -> dict[str, Any]:
    """Pool runs: rates over all planted spikes, false alarms over all weeks."""
    outcomes = [outcome for run in scores for outcome in run.outcomes]
    false_bands = Counter(band for run in scores for band in run.false_alarm_bands)
    weeks = sum(run.weeks for run in scores)
    false_alarms = sum(false_bands.values())
    return {
        "runs": len(scores),
        "series_per_run": scores[0].series,
        "weeks_per_run": round(scores[0].weeks, 2),
        "appeals_per_run": round(statistics.fmean(run.appeals for run in scores)),
        "alarms": sum(run.alarms for run in scores),
        "detect_within_days": detect_within_days,
        **detection_summary(outcomes),
        "late_only": sum(outcome.late for outcome in outcomes),
        "false_alarms": false_alarms,
        "false_alarms_per_week": round(false_alarms / weeks, 2),
        "false_alarms_per_week_by_base_rate": {
            band: round(count / weeks, 2) for band, count in sorted(false_bands.items())
        },
        "by_multiplier": grouped(outcomes, lambda spike: f"x{spike.multiplier:g}"),
        "by_duration": grouped(outcomes, lambda spike: f"{spike.days}d"),
        "by_base_rate": grouped(outcomes, lambda spike: band_of(spike.base_rate)),
        "moderate_by_base_rate": grouped(
            [outcome for outcome in outcomes if is_moderate(outcome.spike)],
            lambda spike: band_of(spike.base_rate),
        ),
    }


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=StreamConfig.seed)
    parser.add_argument("--weeks", type=int, default=StreamConfig.weeks)
    parser.add_argument("--runs", type=int, default=5, help="streams, seeds seed..seed+runs-1")
    parser.add_argument("--spikes", type=int, default=StreamConfig.spikes)
    parser.add_argument("--detect-within", type=int, default=3, help="days from spike start")
    parser.add_argument("--out", type=Path, default=Path("var/bench/hotspots.json"))
    parser.add_argument("--alpha", type=float, default=DEFAULT_PARAMS.alpha)
    parser.add_argument("--min-count", type=int, default=DEFAULT_PARAMS.min_count)
    parser.add_argument("--min-expected", type=float, default=DEFAULT_PARAMS.min_expected)
    parser.add_argument("--window-days", type=int, default=DEFAULT_PARAMS.window_days)
    parser.add_argument("--baseline-days", type=int, default=DEFAULT_PARAMS.baseline_days)
    parser.add_argument("--cooldown-days", type=int, default=DEFAULT_PARAMS.cooldown_days)
    return parser.parse_args(argv)


def print_report(report: dict[str, Any]) -> None:
    print(
        f"{report['runs']} runs x {report['series_per_run']} series x "
        f"{report['weeks_per_run']} weeks (~{report['appeals_per_run']} appeals per run), "
        f"{report['planted']} planted spikes"
    )
    print(
        f"detection rate (within {report['detect_within_days']} days): "
        f"{report['detection_rate']:.1%} ({report['detected']}/{report['planted']}), "
        f"{report['late_only']} more caught late"
    )
    print(
        f"false alarms per week (oblast): {report['false_alarms_per_week']} "
        f"(by base rate: {report['false_alarms_per_week_by_base_rate']})"
    )
    print(
        f"detection delay, days: mean {report['mean_delay_days']}, "
        f"median {report['median_delay_days']}"
    )
    for section in ("by_multiplier", "by_duration", "by_base_rate", "moderate_by_base_rate"):
        cells = ", ".join(
            f"{key}: {value['detected']}/{value['planted']}"
            for key, value in report[section].items()
        )
        print(f"{section.replace('_', ' ')}: {cells}")


def main(argv: Sequence[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    params = replace(
        DEFAULT_PARAMS,
        alpha=arguments.alpha,
        min_count=arguments.min_count,
        min_expected=arguments.min_expected,
        window_days=arguments.window_days,
        baseline_days=arguments.baseline_days,
        cooldown_days=arguments.cooldown_days,
    )
    configs = [
        StreamConfig(seed=arguments.seed + run, weeks=arguments.weeks, spikes=arguments.spikes)
        for run in range(arguments.runs)
    ]
    scores = [score(generate_stream(config), params, arguments.detect_within) for config in configs]
    report = summarize(scores, arguments.detect_within)
    report["params"] = asdict(params)
    report["stream"] = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(configs[0]).items()
        if key != "seed"
    }
    report["stream"]["seeds"] = [config.seed for config in configs]
    print_report(report)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {arguments.out}")


if __name__ == "__main__":
    main()
