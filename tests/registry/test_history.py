"""Applicant history: earlier appeals by phone, e-mail or name, in one audited call."""

from __future__ import annotations

from shared.events import Address, Applicant
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import SYSTEM_API_KEY, bearer


def person(name: str, phone: str, email: str | None = None) -> Applicant:
    return Applicant(
        full_name=name,
        phone=phone,
        email=email,
        address=Address(settlement="Кривий Ріг", street="вул. Соборна", house="5"),
    )


async def test_history_by_phone_in_any_format(registry: RegistryUnderTest) -> None:
    first = await registry.register(received(applicant=person("Гаврилюк Любов", "+380979452706")))
    second = await registry.register(
        received(
            "Дорога зруйнована.",
            topic_code="003",
            applicant=person("Гаврилюк Любов", "097 945 27 06"),
        )
    )
    await registry.register(received(applicant=person("Інша Людина", "+380501234567")))
    answer = await registry.client.get(
        "/applicants/history", params={"phone": "8 (097) 945-27-06"}, headers=bearer("operator")
    )
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [item["id"] for item in items] == [str(second), str(first)]
    assert items[0]["status"] == "registered"
    assert items[0]["matched_on"] == ["phone"]
    assert {"body_code", "due_date", "overdue"} <= set(items[0])


async def test_history_by_a_partial_name_across_languages(registry: RegistryUnderTest) -> None:
    mine = await registry.register(
        received(applicant=person("Коваленко Олександр Петрович", "+380671111111"))
    )
    await registry.register(received(applicant=person("Коваленко Ірина Петрівна", "+380672222222")))
    answer = await registry.client.get(
        "/applicants/history", params={"name": "Александр Коваленко"}, headers=bearer("operator")
    )
    assert [item["id"] for item in answer.json()["items"]] == [str(mine)]


async def test_history_by_email(registry: RegistryUnderTest) -> None:
    mine = await registry.register(
        received(applicant=person("Мельник Ганна", "+380673333333", "Hanna.M@ukr.net"))
    )
    answer = await registry.client.get(
        "/applicants/history", params={"email": "hanna.m@UKR.NET"}, headers=bearer("supervisor")
    )
    assert [item["id"] for item in answer.json()["items"]] == [str(mine)]


async def test_every_history_lookup_is_audited_with_the_person_behind_a_system(
    registry: RegistryUnderTest,
) -> None:
    await registry.register()
    answer = await registry.client.get(
        "/applicants/history",
        params={"phone": "0671234567"},
        headers={"X-Api-Key": SYSTEM_API_KEY, "X-On-Behalf-Of": "operator-7"},
    )
    assert answer.status_code == 200
    audit = await registry.client.get("/audit", headers=bearer("supervisor"))
    entry = audit.json()[0]
    assert entry["action"] == "applicant_history"
    assert entry["subject"] == "test-system"
    assert "operator-7" in entry["detail"]


async def test_history_refuses_what_it_cannot_read(registry: RegistryUnderTest) -> None:
    for params, field in (
        ({}, "phone"),
        ({"phone": "дзвонив учора"}, "phone"),
        ({"email": "nobody"}, "email"),
        ({"name": "Коваленко"}, "name"),
    ):
        answer = await registry.client.get(
            "/applicants/history", params=params, headers=bearer("operator")
        )
        assert answer.status_code == 422, params
        assert answer.json()["errors"][0]["field"] == field


async def test_analysts_and_bodies_get_no_history(registry: RegistryUnderTest) -> None:
    for headers in (bearer("analyst"), bearer("body_officer", body_code="council-dnipro")):
        answer = await registry.client.get(
            "/applicants/history", params={"phone": "0671234567"}, headers=headers
        )
        assert answer.status_code == 403
