"""Exchange service: builds its runtime, its UCC client, its loops and its app."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from exchange import api, consumers
from exchange.circuit_breaker import CircuitBreaker
from exchange.config import ExchangeSettings
from exchange.models import SCHEMA, inbox, outbox
from exchange.pull import AssignmentPuller
from exchange.reconcile import ReconciliationSchedule
from exchange.sync import UccPusher
from exchange.ucc_client import RetryPolicy, UccClient
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "exchange"


def ucc_client_from(settings: ExchangeSettings) -> UccClient:
    return UccClient(
        settings.ucc_base_url,
        settings.ucc_api_key.get_secret_value(),
        settings.ucc_region,
        timeout=httpx.Timeout(
            settings.ucc_timeout_seconds, connect=min(3.0, settings.ucc_timeout_seconds)
        ),
        retry=RetryPolicy(
            max_attempts=settings.ucc_retry_attempts,
            initial_backoff=settings.ucc_retry_initial_backoff,
            max_backoff=settings.ucc_retry_max_backoff,
            jitter=settings.ucc_retry_initial_backoff,
        ),
        breaker=CircuitBreaker(
            failure_threshold=settings.ucc_breaker_threshold,
            reset_timeout=settings.ucc_breaker_reset_seconds,
        ),
    )


def build(
    settings: ExchangeSettings | None = None,
    *,
    bus: EventBus | None = None,
    manage_runtime: bool = True,
) -> FastAPI:
    settings = settings or ExchangeSettings()
    runtime = ServiceRuntime.create(
        name=NAME, schema=SCHEMA, settings=settings, outbox_table=outbox, inbox_table=inbox, bus=bus
    )
    client = ucc_client_from(settings)
    pusher = UccPusher(runtime.sessionmaker, client, settings)
    puller = AssignmentPuller(runtime.sessionmaker, runtime.outbox, client, settings)
    schedule = ReconciliationSchedule(runtime.sessionmaker, client, settings)
    runtime.context.update(ucc_client=client, pusher=pusher, puller=puller)
    runtime.subscriptions.extend(consumers.subscriptions(runtime))
    runtime.background.append(pusher.run)
    if settings.pull_enabled:
        runtime.background.append(puller.run)
    runtime.background.append(schedule.run)
    runtime.shutdown.append(client.aclose)
    return create_app(
        runtime,
        title="Exchange",
        description="Keeps the Government Contact Center (UCC) in step with the region.",
        routers=[api.router],
        manage_runtime=manage_runtime,
    )
