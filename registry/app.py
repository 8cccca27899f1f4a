"""Registry service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from registry import api, consumers, reference_api
from registry.config import RegistrySettings
from registry.models import SCHEMA, inbox, outbox
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "registry"


def build(
    settings: RegistrySettings | None = None,
    *,
    bus: EventBus | None = None,
    manage_runtime: bool = True,
) -> FastAPI:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime.create(
        name=NAME, schema=SCHEMA, settings=settings, outbox_table=outbox, inbox_table=inbox, bus=bus
    )
    runtime.subscriptions.extend(consumers.subscriptions(runtime, settings))
    return create_app(
        runtime,
        title="Registry",
        description=(
            "The region's electronic database of appeals: registration cards, statuses and "
            "history, decisions, repeats, search, applicant history and the classifier."
        ),
        routers=[api.router, reference_api.router],
        manage_runtime=manage_runtime,
    )
