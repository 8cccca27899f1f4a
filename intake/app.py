"""Intake service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from intake import api, consumers, hotline, portal, telegram
from intake.config import IntakeSettings
from intake.models import SCHEMA, inbox, outbox
from intake.registry_client import RegistryClient
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
    registry_client = RegistryClient(settings)
    runtime.context["registry_client"] = registry_client
    runtime.shutdown.append(registry_client.aclose)
    runtime.subscriptions.extend(consumers.subscriptions(runtime))
    portal.install(runtime, settings)
    telegram.install(runtime, settings)
    app = create_app(
        runtime,
        title="Intake",
        description="Takes appeals from every channel (hotline, support line, web portal, "
        "Telegram bot) and hands them to the registry.",
        routers=[api.router, hotline.router, portal.router, telegram.router],
        manage_runtime=manage_runtime,
    )
    portal.install_page_errors(app)
    return app
