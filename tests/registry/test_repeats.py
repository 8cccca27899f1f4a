"""Repeat, duplicate and mass classification at registration, shown on the record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events import Address, AppealAnswered, AppealClosed, AppealRouted, Applicant
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import bearer

TEXT = (
    "Третій тиждень у будинку по вулиці Робочій немає гарячої води, керуюча компанія "
    "не відповідає на дзвінки. Прошу допомогти відновити гаряче водопостачання."
)


async def card(registry: RegistryUnderTest, appeal_id: uuid.UUID) -> dict[str, Any]:
    answer = await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


async def resolve_on_merits(registry: RegistryUnderTest, appeal_id: uuid.UUID) -> None:
    now = datetime.now(UTC)
    today = now.date()
    await registry.deliver(
        AppealRouted(body_code="council-dnipro", received_on=today, due_date=today),
        appeal_id,
    )
    await registry.deliver(
        AppealAnswered(
            body_code="council-dnipro",
            outcome="resolved_positively",
            answer_text="Гаряче водопостачання відновлено.",
            signed_by="head",
            answered_at=now,
        ),
        appeal_id,
    )
    await registry.deliver(
        AppealClosed(outcome="resolved_positively", closed_by="sup", closed_at=now),
        appeal_id,
    )


async def test_the_same_caller_again_on_a_resolved_issue_is_a_flagged_repeat(
    registry: RegistryUnderTest,
) -> None:
    earlier = await registry.register(
        received(TEXT, received_at=datetime.now(UTC) - timedelta(days=40))
    )
    await resolve_on_merits(registry, earlier)
    again = Applicant(
        full_name="Коваленко Елена Петровна",
        phone="(067) 123-45-67",
        address=Address(settlement="м. Дніпро", street="ул. Рабочая", house="12", flat="5"),
    )
    later = await registry.register(
        received("Знову немає гарячої води, хоча обіцяли.", applicant=again, channel="telegram")
    )
    shown = await card(registry, later)
    assert shown["sign"] == "repeated"
    assert shown["earlier_resolved_on_merits"] is True
    [link] = shown["links"]
    assert link["direction"] == "earlier"
    assert link["other_id"] == str(earlier)
    assert link["sign"] == "repeated"
    assert "+380671234567" in link["reason"]
    assert "вирішено по суті" in link["reason"]
    back = await card(registry, earlier)
    assert [(entry["direction"], entry["other_id"]) for entry in back["links"]] == [
        ("later", str(later))
    ]


async def test_a_new_topic_from_the_same_caller_is_primary(registry: RegistryUnderTest) -> None:
    await registry.register(received(TEXT))
    other = await registry.register(
        received("Прошу відремонтувати дорогу на вулиці Садовій.", topic_code="003")
    )
    shown = await card(registry, other)
    assert shown["sign"] == "primary"
    assert shown["links"] == []


async def test_the_same_text_from_many_people_is_mass(registry: RegistryUnderTest) -> None:
    await registry.register(received(TEXT))
    neighbour = Applicant(
        full_name="Бондар Іван Сергійович",
        phone="+380501112233",
        address=Address(settlement="Дніпро", street="вул. Робоча", house="14", flat="1"),
    )
    copy = await registry.register(received(TEXT.upper(), applicant=neighbour))
    shown = await card(registry, copy)
    assert shown["sign"] == "mass"
    assert shown["earlier_resolved_on_merits"] is False
    assert [link["sign"] for link in shown["links"]] == ["mass"]


async def test_a_copy_from_the_same_person_is_a_duplicate(registry: RegistryUnderTest) -> None:
    await registry.register(received(TEXT, channel="web"))
    copy = await registry.register(received(TEXT, channel="post"))
    assert (await card(registry, copy))["sign"] == "duplicate"
