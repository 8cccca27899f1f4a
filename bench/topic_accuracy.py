"""Accuracy of the topic suggester on generated appeals.

Run ``python -m bench.topic_accuracy``. It generates a demo corpus, holds back a fifth of it
(whole repeat and mass groups go to one side, so near-copies never leak into the test set),
trains on the rest and prints top-1/top-3 accuracy and macro-F1. Generated texts are far
cleaner than real appeals: the figures are an upper bound, not a forecast.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import sklearn

from router.topic_suggestion import (
    DEFAULT_TRIAGE_THRESHOLD,
    TopicSuggester,
    evaluate,
    needs_triage,
)
from shared.demo_corpus import DemoAppeal, generate_appeals

_TEST_SHARE_BUCKETS = 5


def _is_held_back(appeal: DemoAppeal, seed: int) -> bool:
    """Split by group so a repeat or a mass copy lands on the same side as its original."""
    group = appeal.index if appeal.group_hint is None else appeal.group_hint
    return (group * 2_654_435_761 + seed) % 2**32 % _TEST_SHARE_BUCKETS == 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=25_000, help="appeals to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("var/bench/topic_accuracy.json"))
    arguments = parser.parse_args(argv)

    started = time.perf_counter()
    appeals = list(generate_appeals(arguments.n, seed=arguments.seed))
    generation_seconds = time.perf_counter() - started
    train = [a for a in appeals if not _is_held_back(a, arguments.seed)]
    test = [a for a in appeals if _is_held_back(a, arguments.seed)]

    started = time.perf_counter()
    model = TopicSuggester.train(
        [a.text for a in train], [a.topic_code for a in train], seed=arguments.seed
    )
    training_seconds = time.perf_counter() - started

    report = evaluate(model, [a.text for a in test], [a.topic_code for a in test])
    by_language = {
        language: evaluate(
            model,
            [a.text for a in test if a.language == language],
            [a.topic_code for a in test if a.language == language],
        ).top1
        for language in ("uk", "ru")
    }

    latencies = []
    for appeal in test[:300]:
        started = time.perf_counter()
        model.suggest(appeal.text)
        latencies.append(time.perf_counter() - started)
    triaged = sum(needs_triage(ranked) for ranked in model.suggest_many([a.text for a in test]))

    result = {
        "model_version": model.version,
        "sklearn": sklearn.__version__,
        "seed": arguments.seed,
        "n_generated": len(appeals),
        "n_train": len(train),
        "n_test": report.n,
        "top1": round(report.top1, 4),
        "top3": round(report.top3, 4),
        "macro_f1": round(report.macro_f1, 4),
        "top1_by_language": {key: round(value, 4) for key, value in by_language.items()},
        "triage_threshold": DEFAULT_TRIAGE_THRESHOLD,
        "triage_share": round(triaged / report.n, 4),
        "support": report.support,
        "generation_seconds": round(generation_seconds, 2),
        "training_seconds": round(training_seconds, 2),
        "suggest_ms_p50": round(float(np.percentile(latencies, 50)) * 1000, 2),
        "suggest_ms_p95": round(float(np.percentile(latencies, 95)) * 1000, 2),
    }
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")

    print(f"model {model.version}: trained on {len(train)} appeals in {training_seconds:.1f} s")
    print(
        f"held back {report.n}: top-1 {report.top1:.3f}  top-3 {report.top3:.3f}  "
        f"macro-F1 {report.macro_f1:.3f}"
    )
    print(
        f"top-1 uk {by_language['uk']:.3f}  ru {by_language['ru']:.3f}; "
        f"triage below {DEFAULT_TRIAGE_THRESHOLD}: {triaged / report.n:.1%}"
    )
    print(f"suggest p50 {result['suggest_ms_p50']} ms, p95 {result['suggest_ms_p95']} ms")
    print(f"written to {arguments.out}")


if __name__ == "__main__":
    main()
