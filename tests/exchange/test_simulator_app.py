"""The simulator in-process: errors, auth, and the published contract document."""

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from exchange.simulator import create_app
from exchange.simulator.export_openapi import contract_openapi, main
from exchange.ucc_contract import PROBLEM_MEDIA_TYPE
from tests.exchange.conftest import make_card

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "ucc-contract.openapi.json"
APPEALS = "/ucc/v1/regions/dnipropetrovsk/appeals"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_keys={"dnipro-key": "dnipropetrovsk", "lviv-key": "lviv"})
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ucc") as client:
        yield client


async def test_key_of_another_region_is_forbidden(http: httpx.AsyncClient) -> None:
    card = make_card()
    response = await http.put(
        f"{APPEALS}/{card.regional_id}",
        json=card.model_dump(mode="json"),
        headers={"X-Api-Key": "lviv-key"},
    )

    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["status"] == 403


async def test_path_and_card_must_name_the_same_appeal(http: httpx.AsyncClient) -> None:
    card = make_card("DN-1")
    response = await http.put(
        f"{APPEALS}/DN-2", json=card.model_dump(mode="json"), headers={"X-Api-Key": "dnipro-key"}
    )

    assert response.status_code == 422


async def test_foreign_cursor_is_a_bad_request(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/ucc/v1/regions/dnipropetrovsk/assignments",
        params={"after": "abc"},
        headers={"X-Api-Key": "dnipro-key"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE


async def test_control_reports_received_appeals(http: httpx.AsyncClient) -> None:
    card = make_card()
    created = await http.put(
        f"{APPEALS}/{card.regional_id}",
        json=card.model_dump(mode="json"),
        headers={"X-Api-Key": "dnipro-key"},
    )
    await http.post("/_sim/reset")
    report = (await http.get("/_sim/appeals")).json()

    assert created.status_code == 201
    assert report["appeals"] == []


def test_contract_document_leaves_out_the_controls() -> None:
    paths = contract_openapi()["paths"]

    assert paths
    assert all(path.startswith("/ucc/v1/regions/{region}/") for path in paths)


def test_published_document_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "contract.json"
    main([str(fresh)])

    assert json.loads(fresh.read_text(encoding="utf-8")) == json.loads(
        DOCUMENT.read_text(encoding="utf-8")
    ), "run: python -m exchange.simulator.export_openapi docs/ucc-contract.openapi.json"
