"""Monitoring service: builds its runtime, its consumers, its background loops and its app."""

from __future__ import annotations

from functools import partial

from fastapi import FastAPI

from monitoring import api, consumers
from monitoring.config import MonitoringSettings
from monitoring.gauges import gauge_loop
from monitoring.hotspot_watch import hotspot_loop
from monitoring.models import SCHEMA, inbox, outbox
from monitoring.reminders import reminder_loop
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
    runtime.subscriptions.extend(consumers.subscriptions(runtime, settings))
    if settings.run_background_loops:
        runtime.background.extend(
            partial(loop, runtime, settings) for loop in (reminder_loop, hotspot_loop, gauge_loop)
        )
    return create_app(
        runtime,
        title="Monitoring",
        description="Watches the legal deadlines of every appeal, the discipline of the bodies, "
        "the content of the appeals and their hot spots, and reports on them.",
        routers=[api.router, api.public_router],
        manage_runtime=manage_runtime,
    )
