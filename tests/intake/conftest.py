"""Intake's own stack: the five services over the real broker and database, with the bot on.

Only outside systems are stand-ins: the UCC simulator and the fake Telegram Bot API, both
real HTTP servers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from tests.fakes.telegram_bot_api import FakeBotApi, running_fake_bot_api
from tests.support.environment import SYSTEM_API_KEY, free_port
from tests.support.stacks import InProcessStack

WEBHOOK_SECRET = "webhook-secret-for-tests"


class IntakeStack(InProcessStack):
    def __init__(self, prefix: str, ucc_url: str, intake_overrides: dict[str, Any]) -> None:
        super().__init__(prefix, ucc_url)
        self.intake_overrides = intake_overrides

    def settings_overrides(self, name: str) -> dict[str, Any]:
        overrides = super().settings_overrides(name)
        if name == "intake":
            overrides.update(self.intake_overrides)
        return overrides


@pytest.fixture
def fake_bot() -> Iterator[FakeBotApi]:
    with running_fake_bot_api() as fake:
        yield fake


@pytest.fixture
def intake_settings_update() -> dict[str, Any]:
    """Parametrize this to change intake's settings for one test."""
    return {}


@pytest.fixture
def intake_settings(fake_bot: FakeBotApi, intake_settings_update: dict[str, Any]) -> dict[str, Any]:
    """What the intake service runs with."""
    return {
        "telegram_enabled": True,
        "telegram_bot_token": fake_bot.token,
        "telegram_webhook_secret": WEBHOOK_SECRET,
        "telegram_api_base_url": fake_bot.base_url,
        "telegram_send_interval": 0.1,
        "registry_api_key": SYSTEM_API_KEY,
        # Nothing listens here: the registry's history endpoint is reached over HTTP only.
        "registry_base_url": f"http://127.0.0.1:{free_port()}",
        "portal_submission_burst": 50,
        "status_lookup_burst": 50,
        **intake_settings_update,
    }


@pytest.fixture
async def intake_stack(
    clean_database: None, bus_prefix: str, ucc_url: str, intake_settings: dict[str, Any]
) -> AsyncIterator[IntakeStack]:
    running = IntakeStack(bus_prefix, ucc_url, intake_settings)
    await running.start()
    yield running
    await running.stop()
