"""Monitoring service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from monitoring import api, consumers
from monitoring.config import MonitoringSettings
from monitoring.models import SCHEMA, inbox, outbox
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "monitoring"


def build(
    settings: MonitoringSettings | None = None,
    *,
    bus: EventBus | None = None,
    manage_runtime: bool = True,
) -> FastAPI:
    settings = settings or MonitoringSettings()
    runtime = ServiceRuntime.create(
        name=NAME, schema=SCHEMA, settings=settings, outbox_table=outbox, inbox_table=inbox, bus=bus
    )
    runtime.subscriptions.extend(consumers.subscriptions(runtime))
    return create_app(
        runtime,
        title="Monitoring",
        description="Watches the legal deadlines of every appeal and reports on them.",
        routers=[api.router],
        manage_runtime=manage_runtime,
    )
