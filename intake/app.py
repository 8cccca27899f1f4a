"""Intake service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from intake import api
from intake.config import IntakeSettings
from intake.models import SCHEMA, inbox, outbox
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "intake"


def build(
    settings: IntakeSettings | None = None,
    *,
    bus: EventBus | None = None,
    manage_runtime: bool = True,
) -> FastAPI:
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime.create(
        name=NAME, schema=SCHEMA, settings=settings, outbox_table=outbox, inbox_table=inbox, bus=bus
    )
    return create_app(
        runtime,
        title="Intake",
        description="Takes appeals from every channel and hands them to the registry.",
        routers=[api.router],
        manage_runtime=manage_runtime,
    )
