"""The five services started for a test: in this process, or each in its own process.

Both talk to the real PostgreSQL and the real RabbitMQ; only the UCC is a stand-in (the
simulator, a real HTTP server).
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from services.catalog import SERVICES
from services.launcher import ServiceProcesses
from shared.service import ServiceRuntime
from tests.support.environment import (
    AMQP_URL,
    JWT_SECRET,
    SYSTEM_API_KEY,
    TEST_DATABASE_URL,
    free_port,
    service_environment,
)

ALL = tuple(spec.name for spec in SERVICES)


class InProcessStack:
    """Every service's app and runtime in the test's own event loop, over the real broker."""

    def __init__(self, prefix: str, ucc_url: str, names: tuple[str, ...] = ALL) -> None:
        self.prefix = prefix
        self.ucc_url = ucc_url
        self.names = names
        self.apps: dict[str, FastAPI] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}

    def settings_overrides(self, name: str) -> dict[str, Any]:
        overrides: dict[str, Any] = {
            "environment": "test",
            "database_url": TEST_DATABASE_URL,
            "amqp_url": AMQP_URL,
            "bus_prefix": self.prefix,
            "jwt_secret": JWT_SECRET,
            "api_keys": {SYSTEM_API_KEY: {"name": "test-system", "roles": ["system"]}},
            "db_pool_size": 3,
        }
        if name == "exchange":
            overrides.update(ucc_base_url=self.ucc_url, push_poll_interval=0.1)
        return overrides

    def runtime(self, name: str) -> ServiceRuntime:
        runtime: ServiceRuntime = self.apps[name].state.runtime
        return runtime

    async def start(self, *names: str) -> None:
        for spec in SERVICES:
            if spec.name not in (names or self.names):
                continue
            app = spec.build(spec.settings(**self.settings_overrides(spec.name)))
            self.apps[spec.name] = app
            await app.state.runtime.start()
            self.clients[spec.name] = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url=f"http://{spec.name}"
            )

    async def stop(self, *names: str) -> None:
        for name in reversed(names or tuple(self.apps)):
            await self.clients.pop(name).aclose()
            await self.apps.pop(name).state.runtime.stop()


class ProcessStack(ServiceProcesses):
    """Every service as its own process, against the test database and a per-test prefix."""

    def __init__(self, prefix: str, ucc_url: str) -> None:
        super().__init__(
            service_environment(prefix, UCC_BASE_URL=ucc_url, PUSH_POLL_INTERVAL="0.1"),
            {spec.name: free_port() for spec in SERVICES},
        )
        self.prefix = prefix
        self.ucc_url = ucc_url
