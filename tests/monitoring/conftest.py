"""Monitoring over the real PostgreSQL and RabbitMQ, with its loops driven by the tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from monitoring.app import build
from monitoring.config import MonitoringSettings
from shared.deadlines import KYIV
from shared.events import (
    Address,
    AppealRegistered,
    AppealRouted,
    AppealStatus,
    AppealStatusChanged,
    Applicant,
    Envelope,
    EventPayload,
    make_envelope,
)
from shared.service import ServiceRuntime
from tests.support.environment import AMQP_URL, JWT_SECRET, SYSTEM_API_KEY, TEST_DATABASE_URL


def monitoring_settings(prefix: str, **overrides: Any) -> MonitoringSettings:
    return MonitoringSettings.model_validate(
        {
            "environment": "test",
            "database_url": TEST_DATABASE_URL,
            "amqp_url": AMQP_URL,
            "bus_prefix": prefix,
            "jwt_secret": JWT_SECRET,
            "api_keys": {SYSTEM_API_KEY: {"name": "test-system", "roles": ["system"]}},
            "db_pool_size": 3,
            "run_background_loops": False,
            **overrides,
        }
    )


@dataclass
class Monitoring:
    """One monitoring replica: its app, runtime and an HTTP client for it."""

    app: FastAPI
    client: httpx.AsyncClient
    settings: MonitoringSettings
    changed_at: dict[uuid.UUID, datetime] = field(default_factory=dict)

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    async def deliver(self, payload: EventPayload, appeal_id: uuid.UUID | None) -> Envelope:
        """Hand an event to the consumer exactly as the bus would (inbox, one transaction)."""
        envelope = make_envelope(payload, producer="test", appeal_id=appeal_id, correlation_id="t")
        await self.runtime.subscriptions[0].handler(envelope)
        return envelope

    async def register(
        self,
        appeal_id: uuid.UUID,
        received_at: datetime,
        *,
        topic_code: str = "009",
        territory_code: str = "UA12020010000000000",
        channel: str = "hotline",
        sign: str = "primary",
        categories: tuple[str, ...] = (),
        full_name: str = "Коваленко Олена Петрівна",
    ) -> None:
        await self.deliver(
            AppealRegistered.model_validate(
                {
                    "registration_number": f"DP-{appeal_id.hex[:8]}",
                    "channel": channel,
                    "received_at": received_at,
                    "registered_at": received_at,
                    "topic_code": topic_code,
                    "kind": "complaint",
                    "text": "Немає холодної води.",
                    "applicant": Applicant(
                        full_name=full_name,
                        address=Address(hromada=territory_code),
                        author_categories=list(categories),
                        sex="female",
                    ),
                    "sign": sign,
                    "territory_code": territory_code,
                }
            ),
            appeal_id,
        )

    async def route(
        self, appeal_id: uuid.UUID, received_on: date, due: date, body_code: str = "council-dnipro"
    ) -> None:
        await self.deliver(
            AppealRouted(body_code=body_code, received_on=received_on, due_date=due), appeal_id
        )

    async def move(
        self,
        appeal_id: uuid.UUID,
        target: AppealStatus,
        at: datetime,
        *,
        body_code: str | None = "council-dnipro",
        due: date | None = None,
        outcome: str | None = None,
    ) -> None:
        await self.deliver(
            AppealStatusChanged(
                registration_number=f"DP-{appeal_id.hex[:8]}",
                from_status="routed",
                to_status=target,
                changed_at=at,
                body_code=body_code,
                due_date=due,
                outcome=outcome,
            ),
            appeal_id,
        )


async def start_monitoring(prefix: str, **overrides: Any) -> Monitoring:
    settings = monitoring_settings(prefix, **overrides)
    app = build(settings)
    await app.state.runtime.start()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://monitoring")
    return Monitoring(app=app, client=client, settings=settings)


async def stop_monitoring(replica: Monitoring) -> None:
    await replica.client.aclose()
    await replica.runtime.stop()


@pytest.fixture
async def monitoring(clean_database: None, bus_prefix: str) -> AsyncIterator[Monitoring]:
    replica = await start_monitoring(bus_prefix)
    yield replica
    await stop_monitoring(replica)


def kyiv(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """An instant given in Kyiv wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=KYIV).astimezone(UTC)
