"""What every service process is made of, and the FastAPI app around it.

A `ServiceRuntime` holds the service's engine, its outbox relay, its bus subscriptions and its
background loops; `create_app` gives it the common HTTP surface (`/healthz`, `/readyz`,
`/metrics`, problem+json errors, correlation ids). In the embedded mode several runtimes share
one in-process bus and the composition root starts them (mounted apps get no lifespan).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from shared.bus import EventBus, MemoryBus, RabbitBus, Subscription
from shared.config import CommonSettings
from shared.db import create_engine, create_sessionmaker, ping
from shared.errors import install_problem_handlers
from shared.logs import bind_correlation_id
from shared.metrics import HTTP_LATENCY, HTTP_REQUESTS, OUTBOX_PENDING
from shared.outbox import Outbox, OutboxRelay, pending_count

log = structlog.get_logger(__name__)

BackgroundLoop = Callable[[asyncio.Event], Awaitable[None]]
StartupStep = Callable[[], Awaitable[None]]


def make_bus(settings: CommonSettings, service: str) -> EventBus:
    if settings.bus == "memory":
        return MemoryBus(delivery_limit=settings.delivery_limit)
    return RabbitBus(
        settings.amqp_url,
        prefix=settings.bus_prefix,
        service=service,
        prefetch_count=settings.prefetch_count,
        delivery_limit=settings.delivery_limit,
        queue_expires_ms=settings.queue_expires_ms,
    )


@dataclass
class ServiceRuntime:
    name: str
    schema: str
    settings: CommonSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    outbox: Outbox
    inbox: Table
    bus: EventBus
    owns_bus: bool = True
    subscriptions: list[Subscription] = field(default_factory=list)
    startup: list[StartupStep] = field(default_factory=list)
    shutdown: list[StartupStep] = field(default_factory=list)
    background: list[BackgroundLoop] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    _relays: list[OutboxRelay] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def create(
        cls,
        *,
        name: str,
        schema: str,
        settings: CommonSettings,
        outbox_table: Table,
        inbox_table: Table,
        bus: EventBus | None = None,
    ) -> ServiceRuntime:
        engine = create_engine(
            settings.database_url, service=name, schema=schema, pool_size=settings.db_pool_size
        )
        return cls(
            name=name,
            schema=schema,
            settings=settings,
            engine=engine,
            sessionmaker=create_sessionmaker(engine),
            outbox=Outbox(outbox_table),
            inbox=inbox_table,
            bus=bus or make_bus(settings, name),
            owns_bus=bus is None,
        )

    def transaction(self) -> contextlib.AbstractAsyncContextManager[AsyncSession]:
        """One unit of work: committed on a clean exit (before any answer is sent)."""
        return _transaction(self.sessionmaker)

    async def start(self) -> None:
        self._stopping.clear()
        for step in self.startup:
            await step()
        if self.owns_bus:
            await self.bus.start()
        for subscription in self.subscriptions:
            await self.bus.subscribe(subscription)
        for number in range(self.settings.outbox_relay_workers):
            relay = OutboxRelay(self.outbox, self.sessionmaker, self.bus)
            self._relays.append(relay)
            self._tasks.append(asyncio.create_task(relay.run(), name=f"{self.name}-relay-{number}"))
        for loop in self.background:
            self._tasks.append(asyncio.create_task(self._guard(loop), name=f"{self.name}-loop"))
        log.info("service started", service=self.name)

    async def _guard(self, loop: BackgroundLoop) -> None:
        """Keep a background loop alive across unexpected errors until shutdown."""
        while not self._stopping.is_set():
            try:
                await loop(self._stopping)
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background loop failed; restarting", service=self.name)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), 1.0)

    async def stop(self) -> None:
        self._stopping.set()
        for relay in self._relays:
            relay.stop()
        self._relays.clear()
        if self.owns_bus:
            await self.bus.close()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=10)
            for task in pending:
                task.cancel()
        self._tasks.clear()
        for step in self.shutdown:
            await step()
        await self.engine.dispose()
        log.info("service stopped", service=self.name)

    async def check_ready(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        try:
            async with self.engine.connect() as connection:
                await asyncio.wait_for(ping(connection), 3)
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = f"error: {type(error).__name__}"
        try:
            await self.bus.ping()
            checks["broker"] = "ok"
        except Exception as error:
            checks["broker"] = f"error: {type(error).__name__}"
        return checks


@contextlib.asynccontextmanager
async def _transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session, session.begin():
        yield session


def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


class _CorrelationAndMetrics(BaseHTTPMiddleware):
    def __init__(self, app: Any, service: str) -> None:
        super().__init__(app)
        self.service = service

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        correlation_id = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        request.state.correlation_id = correlation_id
        structlog.contextvars.clear_contextvars()
        bind_correlation_id(correlation_id)
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        route_path = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(self.service, request.method, route_path, response.status_code).inc()
        HTTP_LATENCY.labels(self.service, route_path).observe(time.perf_counter() - started)
        response.headers["x-correlation-id"] = correlation_id
        return response


def create_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    manage_runtime: bool = True,
    root_path: str = "",
) -> FastAPI:
    """The service's FastAPI app with the common endpoints and error handling."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if manage_runtime:
            await runtime.start()
        try:
            yield
        finally:
            if manage_runtime:
                await runtime.stop()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        root_path=root_path,
        generate_unique_id_function=lambda route: (
            f"{route.tags[0] if route.tags else runtime.name}-{route.name}"
        ),
    )
    app.state.runtime = runtime
    app.state.settings = runtime.settings
    app.add_middleware(_CorrelationAndMetrics, service=runtime.name)
    install_problem_handlers(app)

    @app.get("/healthz", tags=["operations"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": runtime.name}

    @app.get("/readyz", tags=["operations"], summary="Database and broker are reachable")
    async def readyz() -> JSONResponse:
        checks = await runtime.check_ready()
        ready = all(value == "ok" for value in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=200 if ready else 503,
        )

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics")
    async def metrics() -> PlainTextResponse:
        async with runtime.sessionmaker() as session:
            OUTBOX_PENDING.labels(runtime.name).set(
                await pending_count(session, runtime.outbox.table)
            )
        return PlainTextResponse(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    for router in routers:
        app.include_router(router)
    return app
