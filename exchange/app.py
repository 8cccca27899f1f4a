"""Exchange service: builds its runtime, its UCC client and its app."""

from __future__ import annotations

from fastapi import FastAPI

from exchange import api, consumers
from exchange.config import ExchangeSettings
from exchange.models import SCHEMA, inbox, outbox
from exchange.sync import UccPusher
from exchange.ucc_client import UccClient
from shared.bus import EventBus
from shared.service import ServiceRuntime, create_app

NAME = "exchange"


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
    client = UccClient(
        settings.ucc_base_url, settings.ucc_api_key.get_secret_value(), settings.ucc_region
    )
    pusher = UccPusher(runtime.sessionmaker, client, settings)
    runtime.subscriptions.extend(consumers.subscriptions(runtime))
    runtime.background.append(pusher.run)
    runtime.shutdown.append(client.aclose)
    return create_app(
        runtime,
        title="Exchange",
        description="Keeps the Government Contact Center (UCC) in step with the region.",
        routers=[api.router],
        manage_runtime=manage_runtime,
    )
