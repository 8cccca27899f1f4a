"""The registry alone, over the real PostgreSQL and RabbitMQ, with events handed in directly.

Handing envelopes to the registry's own bus handler (the code the broker calls) lets a test
choose the order in which events arrive, which the broker would not guarantee.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from registry.app import build
from registry.config import RegistrySettings
from shared.bus import Handler
from shared.events import AppealReceived, Applicant, EventPayload, make_envelope
from shared.service import ServiceRuntime
from tests.support.environment import AMQP_URL, JWT_SECRET, SYSTEM_API_KEY, TEST_DATABASE_URL


def registry_settings(prefix: str, **overrides: Any) -> RegistrySettings:
    return RegistrySettings(
        **{
            "environment": "test",
            "database_url": TEST_DATABASE_URL,
            "amqp_url": AMQP_URL,
            "bus_prefix": prefix,
            "jwt_secret": JWT_SECRET,
            "api_keys": {SYSTEM_API_KEY: {"name": "test-system", "roles": ["system"]}},
            "db_pool_size": 3,
            **overrides,
        }
    )


def received(
    text: str = "Третій день немає холодної води в будинку.", **overrides: Any
) -> AppealReceived:
    applicant = overrides.pop("applicant", None) or Applicant.model_validate(
        {
            "full_name": "Коваленко Олена Петрівна",
            "phone": "+380671234567",
            "address": {
                "hromada": "UA12-dnipro-city",
                "settlement": "Дніпро",
                "street": "вул. Робоча",
                "house": "12",
                "flat": "5",
            },
        }
    )
    values: dict[str, Any] = {
        "submission_id": uuid.uuid4(),
        "channel": "hotline",
        "received_at": datetime.now(UTC),
        "applicant": applicant,
        "text": text,
        "topic_code": "009",
        "kind": "application",
    }
    values.update(overrides)
    return AppealReceived.model_validate(values)


@dataclass
class RegistryUnderTest:
    app: FastAPI
    client: httpx.AsyncClient
    runtime: ServiceRuntime
    handler: Handler

    async def deliver(self, payload: EventPayload, appeal_id: uuid.UUID) -> uuid.UUID:
        """Hand one event to the registry as the broker would; returns the event id."""
        envelope = make_envelope(
            payload, producer="test", appeal_id=appeal_id, correlation_id=str(uuid.uuid4())
        )
        await self.handler(envelope)
        return envelope.id

    async def register(self, payload: AppealReceived | None = None) -> uuid.UUID:
        appeal_id = uuid.uuid4()
        await self.deliver(payload or received(), appeal_id)
        return appeal_id


@pytest.fixture
async def registry(clean_database: None, bus_prefix: str) -> AsyncIterator[RegistryUnderTest]:
    app = build(registry_settings(bus_prefix))
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry")
    try:
        yield RegistryUnderTest(app, client, runtime, runtime.subscriptions[0].handler)
    finally:
        await client.aclose()
        await runtime.stop()
