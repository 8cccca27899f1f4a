from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from exchange.circuit_breaker import CircuitBreaker
from exchange.simulator.app import DEFAULT_API_KEY
from exchange.simulator.state import DEFAULT_REGION
from exchange.ucc_client import RetryPolicy, UccClient
from exchange.ucc_contract import AppealCard, Applicant
from tests.fakes.ucc_server import SimulatorControl, running_ucc_simulator
from tests.support.stacks import InProcessStack

FAST_RETRY = RetryPolicy(max_attempts=4, initial_backoff=0.01, max_backoff=0.05, jitter=0.01)


class CountingTransport(httpx.AsyncHTTPTransport):
    """Counts the requests that really leave the client."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return await super().handle_async_request(request)


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def ucc_url() -> Iterator[str]:
    with running_ucc_simulator() as url:
        yield url


@pytest.fixture
async def sim(ucc_url: str) -> AsyncIterator[SimulatorControl]:
    control = SimulatorControl(ucc_url)
    await control.reset()
    yield control
    await control.reset()
    await control.aclose()


ClientFactory = Callable[..., UccClient]


@pytest.fixture
async def make_client(ucc_url: str, sim: SimulatorControl) -> AsyncIterator[ClientFactory]:
    clients: list[UccClient] = []

    def build(**options: Any) -> UccClient:
        options.setdefault("retry", FAST_RETRY)
        options.setdefault("timeout", 5.0)
        client = UccClient(
            ucc_url, options.pop("api_key", DEFAULT_API_KEY), DEFAULT_REGION, **options
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
def transport() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def breaker(clock: ManualClock) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=3, reset_timeout=30.0, clock=clock)


def make_card(regional_id: str = "DN-2026-000001", **changes: Any) -> AppealCard:
    fields: dict[str, Any] = {
        "regional_id": regional_id,
        "registration_number": "Д-2026-000001",
        "received_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        "channel": "hotline",
        "applicant": Applicant(
            name="Коваленко Марія Петрівна",
            address="м. Дніпро, вул. Січеславська, 1",
            phone="+380501234567",
            email="maria@example.com",
            social_status="пенсіонер",
            categories=("7.6",),
        ),
        "kind": "complaint",
        "topic_code": "015",
        "text": "Третій тиждень немає гарячої води в будинку.",
        "body": "Дніпровська міська рада",
        "status": "registered",
    }
    fields.update(changes)
    return AppealCard(**fields)


class FastExchangeStack(InProcessStack):
    """The in-process stack with the exchange's waits shrunk, so faults clear within a test."""

    def settings_overrides(self, name: str) -> dict[str, Any]:
        overrides = super().settings_overrides(name)
        overrides["db_pool_size"] = 3  # the test server is shared; keep well under its limit
        if name == "exchange":
            overrides.update(EXCHANGE_TEST_SETTINGS)
        return overrides


EXCHANGE_TEST_SETTINGS: dict[str, Any] = {
    "push_backoff_base": 0.05,
    "push_backoff_cap": 0.5,
    "ucc_retry_attempts": 3,
    "ucc_retry_initial_backoff": 0.01,
    "ucc_retry_max_backoff": 0.05,
    "ucc_breaker_threshold": 5,
    "ucc_breaker_reset_seconds": 0.3,
    "ucc_timeout_seconds": 1.0,
    "pull_interval": 0.2,
    "pull_page_size": 3,
    "reconcile_interval_seconds": 0,
}


@pytest.fixture
async def exchange_stack(
    clean_database: None, bus_prefix: str, ucc_url: str, sim: SimulatorControl
) -> AsyncIterator[InProcessStack]:
    """Every service in this process against a freshly reset simulator."""
    running = FastExchangeStack(bus_prefix, ucc_url)
    await running.start()
    yield running
    await sim.reset()
    await running.stop()
