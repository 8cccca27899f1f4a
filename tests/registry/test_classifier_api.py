"""The classifier served by the registry: versioned, provisional values marked."""

from __future__ import annotations

from tests.registry.conftest import RegistryUnderTest
from tests.support.environment import bearer


async def test_the_whole_classifier_with_its_version(registry: RegistryUnderTest) -> None:
    answer = await registry.client.get("/classifier", headers=bearer("analyst"))
    assert answer.status_code == 200
    body = answer.json()
    assert answer.headers["Classifier-Version"] == body["version"]
    keys = [dimension["key"] for dimension in body["dimensions"]]
    assert {"form_of_receipt", "sign", "kind", "author_category", "social_status", "topic"} <= set(
        keys
    )


async def test_a_dimension_marks_provisional_and_privileged_values(
    registry: RegistryUnderTest,
) -> None:
    answer = await registry.client.get("/classifier/author_category", headers=bearer("operator"))
    values = {value["code"]: value for value in answer.json()["values"]}
    assert values["7.5"]["privileged"] is True
    assert values["7.17"]["provisional"] is True
    assert values["7.1"]["provisional"] is False
    topics = await registry.client.get("/classifier/topic", headers=bearer("operator"))
    assert any(value["provisional"] for value in topics.json()["values"])


async def test_values_valid_on_a_day(registry: RegistryUnderTest) -> None:
    before = await registry.client.get(
        "/classifier/topic", params={"on": "2000-01-01"}, headers=bearer("operator")
    )
    assert before.json()["values"] == []


async def test_an_unknown_dimension_is_422_and_no_token_is_401(
    registry: RegistryUnderTest,
) -> None:
    unknown = await registry.client.get("/classifier/colour", headers=bearer("operator"))
    assert unknown.status_code == 422
    assert (await registry.client.get("/classifier")).status_code == 401
