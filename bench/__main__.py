"""`make bench`: every benchmark of the platform, one after the other.

    python -m bench                      all of them
    python -m bench pipeline registry    only these

Each writes its figures as JSON under var/bench/ and prints them. BENCH_APPEALS (default
5000) sets the pipeline's size, BENCH_REGISTRY_APPEALS (default 1000000) the registry's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

BENCHMARKS: dict[str, list[str]] = {
    "pipeline": ["bench.pipeline", "--appeals", os.environ.get("BENCH_APPEALS", "5000")],
    "registry": [
        "bench.registry_bench",
        "--n",
        os.environ.get("BENCH_REGISTRY_APPEALS", "1000000"),
    ],
    "topics": ["bench.topic_accuracy"],
    "hotspots": ["bench.hotspots_eval"],
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", *BENCHMARKS[name]], check=False)
        print(f"({name}: {time.monotonic() - started:.0f} s)", flush=True)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
