"""Suite-wide fixtures: a freshly migrated PostgreSQL database and the run's bus names.

One set of queues serves the whole run (declaring and deleting quorum queues for every test
costs the broker far more than the tests themselves); each test starts from emptied queues
and truncated tables.

The suite needs the real PostgreSQL and RabbitMQ (see TEST_DATABASE_URL and AMQP_URL);
`make test` starts them when they are installed but stopped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.fakes.ucc_server import running_ucc_simulator
from tests.support.environment import (
    delete_bus,
    drop_test_database,
    known_queue_names,
    new_bus_prefix,
    purge_queues,
    recreate_test_database,
    truncate_all_tables,
)
from tests.support.stacks import InProcessStack


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[None]:
    await recreate_test_database()
    yield
    await drop_test_database()


@pytest.fixture
async def clean_database(database: None) -> None:
    await truncate_all_tables()


@pytest.fixture(scope="session")
async def session_bus_prefix() -> AsyncIterator[str]:
    prefix = new_bus_prefix()
    yield prefix
    await delete_bus(prefix, known_queue_names())


@pytest.fixture
async def bus_prefix(session_bus_prefix: str) -> str:
    await purge_queues(session_bus_prefix, known_queue_names())
    return session_bus_prefix


@pytest.fixture
def ucc_url() -> Iterator[str]:
    with running_ucc_simulator() as url:
        yield url


@pytest.fixture
async def stack(
    clean_database: None, bus_prefix: str, ucc_url: str
) -> AsyncIterator[InProcessStack]:
    """The five services in this process over the real broker and database."""
    running = InProcessStack(bus_prefix, ucc_url)
    await running.start()
    yield running
    await running.stop()
