"""The five services started for a test: in this process, or each in its own process.

Both talk to the real PostgreSQL and the real RabbitMQ; only the UCC is a stand-in (the
simulator, a real HTTP server).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from typing import Any

import httpx
from fastapi import FastAPI

from services.catalog import SERVICES
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
            "db_pool_size": 5,
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


class ProcessStack:
    """Every service as its own `python -m services run NAME` process."""

    def __init__(self, prefix: str, ucc_url: str) -> None:
        self.prefix = prefix
        self.ucc_url = ucc_url
        self.ports = {spec.name: free_port() for spec in SERVICES}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str) -> None:
        environment = {
            **os.environ,
            **service_environment(self.prefix, UCC_BASE_URL=self.ucc_url, PUSH_POLL_INTERVAL="0.1"),
        }
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "services", "run", name, "--port", str(self.ports[name])],
            env=environment,
        )

    async def wait_ready(self, name: str, *, within: float = 60.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        async with httpx.AsyncClient() as client:
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}")
                try:
                    if (await client.get(f"{self.url(name)}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if loop.time() > deadline:
                    raise TimeoutError(f"{name} did not become ready")
                await asyncio.sleep(0.2)

    async def start_all(self) -> None:
        for spec in SERVICES:
            self.start(spec.name)
        for spec in SERVICES:
            await self.wait_ready(spec.name)

    def kill(self, name: str) -> None:
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
