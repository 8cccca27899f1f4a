"""The stack with the router tuned for tests: quick retries, short timeouts, an SMTP relay."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from router.service import RouterContext
from tests.fakes.smtp_server import SmtpInbox, running_smtp_server
from tests.support.appeals import appeal_states
from tests.support.environment import bearer, eventually
from tests.support.stacks import ALL, InProcessStack

WEBHOOK_TIMEOUT_SECONDS = 1.0


class RouterTestStack(InProcessStack):
    def __init__(
        self, prefix: str, ucc_url: str, smtp: SmtpInbox, names: tuple[str, ...] = ALL
    ) -> None:
        super().__init__(prefix, ucc_url, names)
        self.smtp = smtp

    def settings_overrides(self, name: str) -> dict[str, Any]:
        overrides = super().settings_overrides(name)
        if name == "router":
            overrides.update(
                delivery_poll_interval=0.05,
                delivery_backoff_base_seconds=0.05,
                delivery_backoff_cap_seconds=0.2,
                delivery_timeout_seconds=WEBHOOK_TIMEOUT_SECONDS,
                delivery_max_attempts=4,
                smtp_host=self.smtp.host,
                smtp_port=self.smtp.port,
                notification_poll_interval=0.05,
            )
        return overrides

    @property
    def router(self) -> httpx.AsyncClient:
        return self.clients["router"]

    def context(self) -> RouterContext:
        context: RouterContext = self.runtime("router").context["router"]
        return context


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    with running_smtp_server() as inbox:
        yield inbox


@pytest.fixture
async def router_stack(
    clean_database: None, bus_prefix: str, ucc_url: str, smtp: SmtpInbox
) -> AsyncIterator[RouterTestStack]:
    running = RouterTestStack(bus_prefix, ucc_url, smtp)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def router_only(
    clean_database: None, bus_prefix: str, ucc_url: str, smtp: SmtpInbox
) -> AsyncIterator[RouterTestStack]:
    """Just the router, for its own API (directory, rules, knowledge base)."""
    running = RouterTestStack(bus_prefix, ucc_url, smtp, names=("router",))
    await running.start()
    yield running
    await running.stop()


async def wait_status(appeal_id: str, status: str) -> None:
    await eventually(lambda: appeal_states([appeal_id]), lambda s: s.get(appeal_id) == status)


async def routing_of(stack: RouterTestStack, appeal_id: str) -> dict[str, Any]:
    answer = await stack.router.get(f"/appeals/{appeal_id}/routing", headers=bearer("supervisor"))
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result
