"""Prometheus metrics shared by every service, exposed on `/metrics`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds", "Time to answer an HTTP request", ["service", "route"]
)
EVENTS_CONSUMED = Counter(
    "events_consumed_total",
    "Events handled by consumers, by outcome (processed, duplicate, retried, dead_lettered)",
    ["consumer", "event_type", "outcome"],
)
EVENT_HANDLING = Histogram(
    "event_handling_duration_seconds", "Time a consumer spends on one event", ["consumer"]
)
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox rows confirmed by the broker")
OUTBOX_RELAY_ERRORS = Counter(
    "outbox_relay_errors_total", "Outbox rows the broker did not confirm (retried later)"
)
OUTBOX_PENDING = Gauge("outbox_pending", "Outbox rows not yet confirmed", ["service"])
