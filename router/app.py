"""Router service: builds its runtime and app."""

from __future__ import annotations

from fastapi import FastAPI

from router import api, body_api, consumers
from router.config import RouterSettings
from router.delivery import WebhookPusher
from router.models import SCHEMA, inbox, outbox
from router.notify import EmailSender
from router.rules import seed_reference_data
from router.service import RouterContext
from router.topic_model import TopicModel
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
    context = RouterContext(outbox=runtime.outbox, topics=TopicModel(settings), settings=settings)
    runtime.context["router"] = context
    runtime.subscriptions.extend(consumers.subscriptions(runtime, context))
    if settings.seed_reference_data:

        async def seed() -> None:
            async with runtime.transaction() as session:
                await seed_reference_data(session)

        runtime.startup.append(seed)
    pusher = WebhookPusher(runtime.sessionmaker, runtime.outbox, settings)
    runtime.background.extend(
        [
            context.topics.prepare,
            pusher.run,
            EmailSender(runtime.sessionmaker, settings).run,
        ]
    )
    runtime.shutdown.append(pusher.close)
    return create_app(
        runtime,
        title="Router",
        description="Finds the body competent to answer, delivers the appeal to it and takes "
        "the body's answer back.",
        routers=[body_api.router, api.router],
        manage_runtime=manage_runtime,
    )
