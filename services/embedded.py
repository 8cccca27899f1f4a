"""The whole system in one process: SQLite files under `var/`, an in-process bus.

Every service keeps its own app (and OpenAPI document) mounted under `/<service>`; the
composition root starts their runtimes, since mounted apps get no lifespan of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from exchange.simulator.app import create_app as create_ucc_simulator
from services.catalog import SERVICES
from services.demo import seed_demo_appeals
from shared.bus import MemoryBus
from shared.migrate import upgrade
from shared.service import ServiceRuntime

EMBEDDED_DATABASE_URL = "sqlite+aiosqlite:///var/contact_center.db"


def build_embedded(
    *,
    database_url: str = EMBEDDED_DATABASE_URL,
    public_url: str = "http://127.0.0.1:8000",
    seed_demo: bool = True,
) -> FastAPI:
    bus = MemoryBus()
    apps: dict[str, FastAPI] = {}
    for spec in SERVICES:
        overrides: dict[str, object] = {"database_url": database_url, "bus": "memory"}
        if spec.name == "exchange":
            overrides["ucc_base_url"] = f"{public_url}/ucc-simulator"
        apps[spec.name] = spec.build(spec.settings(**overrides), bus=bus, manage_runtime=False)
    runtimes: list[ServiceRuntime] = [app.state.runtime for app in apps.values()]

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for spec in SERVICES:
            await upgrade(database_url, spec.name, spec.schema)
        for runtime in runtimes:
            await runtime.start()
        if seed_demo:
            await seed_demo_appeals(apps["intake"].state.runtime)
        try:
            yield
        finally:
            for runtime in reversed(runtimes):
                await runtime.stop()

    root = FastAPI(title="Regional contact center (embedded)", lifespan=lifespan)
    root.state.bus = bus

    @root.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> str:
        links = "".join(
            f'<li><a href="/{name}/docs">{name}</a> '
            f'(<a href="/{name}/openapi.json">OpenAPI</a>)</li>'
            for name in apps
        )
        return (
            '<!doctype html><html lang="uk"><meta charset="utf-8">'
            "<title>Регіональний контактний центр</title>"
            "<h1>Регіональний контактний центр</h1>"
            f"<p>Сервіси:</p><ul>{links}</ul>"
            '<p><a href="/ucc-simulator/docs">Симулятор УКЦ</a></p></html>'
        )

    for name, app in apps.items():
        root.mount(f"/{name}", app)
    root.mount("/ucc-simulator", create_ucc_simulator())
    return root
