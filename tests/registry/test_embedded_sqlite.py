"""The embedded mode: registry migrations, registration, repeats and search on SQLite."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from registry.app import build
from registry.config import RegistrySettings
from shared.events import make_envelope
from shared.migrate import upgrade
from tests.registry.conftest import received
from tests.support.environment import JWT_SECRET, bearer


@pytest.fixture
async def sqlite_registry(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'contact_center.db'}"
    await upgrade(url, "registry", "registry")
    settings = RegistrySettings(
        database_url=url, bus="memory", environment="test", jwt_secret=JWT_SECRET
    )
    app = build(settings)
    runtime = app.state.runtime
    await runtime.start()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry")
    try:
        yield client, runtime.subscriptions[0].handler
    finally:
        await client.aclose()
        await runtime.stop()


async def test_registration_repeats_and_search_work_on_sqlite(
    sqlite_registry: tuple[httpx.AsyncClient, object],
) -> None:
    client, handler = sqlite_registry
    text = "Немає холодної води в будинку по вулиці Робочій вже третій день поспіль."
    first, second = uuid.uuid4(), uuid.uuid4()
    for appeal_id in (first, second):
        envelope = make_envelope(
            received(text), producer="test", appeal_id=appeal_id, correlation_id="c"
        )
        await handler(envelope)  # type: ignore[operator]
    card = (await client.get(f"/appeals/{second}", headers=bearer("operator"))).json()
    assert card["sign"] == "duplicate"
    assert [link["other_id"] for link in card["links"]] == [str(first)]
    found = await client.get("/appeals", params={"q": "холодна вода"}, headers=bearer("operator"))
    assert {item["id"] for item in found.json()["items"]} == {str(first), str(second)}
    history = await client.get(
        "/applicants/history", params={"name": "Олена Коваленко"}, headers=bearer("operator")
    )
    assert len(history.json()["items"]) == 2
    decision = await client.post(
        f"/appeals/{first}/decisions",
        json={"decision": "returned_to_applicant", "reason": "Бракує адреси для відповіді."},
        headers=bearer("supervisor"),
    )
    assert decision.status_code == 201
