"""Prometheus metrics of the exchange, so a stuck UCC shows on a dashboard before a report."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

PUSHES = Counter(
    "exchange_ucc_pushes_total", "Pushes to the UCC by kind and result", ["kind", "result"]
)
FEED_ITEMS = Counter(
    "exchange_ucc_feed_items_total",
    "Assignment-feed items by kind and outcome",
    ["kind", "outcome"],
)
PULL_ROUNDS = Counter("exchange_ucc_pull_rounds_total", "Pull rounds by result", ["result"])
RECONCILIATION_MISMATCHES = Gauge(
    "exchange_reconciliation_mismatches", "Mismatches found by the last reconciliation"
)
