"""Router service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from router import api, consumers
from router.config import RouterSettings
from router.models import SCHEMA, inbox, outbox
from router.rules import seed_reference_data
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "router"


def build(
    settings: RouterSettings | None = None,
    *,
    bus: EventBus | None = None,
    manage_runtime: bool = True,
) -> FastAPI:
    settings = settings or RouterSettings()
    runtime = ServiceRuntime.create(
        name=NAME, schema=SCHEMA, settings=settings, outbox_table=outbox, inbox_table=inbox, bus=bus
    )
    runtime.subscriptions.extend(consumers.subscriptions(runtime))
    if settings.seed_reference_data:

        async def seed() -> None:
            async with runtime.transaction() as session:
                await seed_reference_data(session)

        runtime.startup.append(seed)
    return create_app(
        runtime,
        title="Router",
        description="Finds the body competent to answer and delivers the appeal to it.",
        routers=[api.router],
        manage_runtime=manage_runtime,
    )
