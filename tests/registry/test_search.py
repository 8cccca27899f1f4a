"""Search and lists: full text in Ukrainian and Russian, filters, cursors, exports."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from shared.events import Address, AppealRouted, Applicant
from tests.registry.conftest import RegistryUnderTest, received
from tests.support.environment import bearer


def someone(index: int, *, hromada: str = "UA12-dnipro-city") -> Applicant:
    return Applicant(
        full_name=f"Петренко Іван {index}",
        phone=f"+38050{index:07d}",
        address=Address(settlement="Дніпро", hromada=hromada, street="вул. Нова", house=str(index)),
    )


async def ids_of(registry: RegistryUnderTest, **params: object) -> list[str]:
    answer = await registry.client.get("/appeals", params=params, headers=bearer("supervisor"))
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


async def test_full_text_finds_word_forms_in_both_languages(registry: RegistryUnderTest) -> None:
    water = await registry.register(
        received("Немає холодної води вже три дні.", applicant=someone(1))
    )
    water_ru = await registry.register(
        received("Нет холодной воды в доме по улице Нова.", applicant=someone(2), language="ru")
    )
    road = await registry.register(
        received("Прошу провести ремонт дороги біля школи.", applicant=someone(3), topic_code="003")
    )
    assert set(await ids_of(registry, q="вода")) == {str(water), str(water_ru)}
    assert set(await ids_of(registry, q="ВОДИ холодні")) == {str(water), str(water_ru)}
    assert set(await ids_of(registry, q="немає води")) == {str(water)}
    assert set(await ids_of(registry, q="нет воды")) == {str(water_ru)}
    assert set(await ids_of(registry, q="ремонт дороги")) == {str(road)}
    assert set(await ids_of(registry, q="школа")) == {str(road)}
    assert await ids_of(registry, q="газопостачання") == []


async def test_a_registration_number_finds_its_appeal(registry: RegistryUnderTest) -> None:
    appeal_id = await registry.register()
    number = (
        await registry.client.get(f"/appeals/{appeal_id}", headers=bearer("operator"))
    ).json()["registration_number"]
    assert await ids_of(registry, q=number) == [str(appeal_id)]


async def test_filters_combine(registry: RegistryUnderTest) -> None:
    today = date.today()
    overdue = await registry.register(received(applicant=someone(1), channel="web"))
    await registry.deliver(
        AppealRouted(
            body_code="council-dnipro",
            received_on=today - timedelta(days=40),
            due_date=today - timedelta(days=10),
        ),
        overdue,
    )
    samar = await registry.register(
        received(applicant=someone(2, hromada="UA12-samar-city"), topic_code="006")
    )
    privileged = await registry.register(
        received(
            applicant=Applicant(
                full_name="Ветеран Петро",
                address=Address(settlement="Дніпро", hromada="UA12-dnipro-city"),
                author_categories=["7.5"],
            ),
            received_at=datetime.now(UTC) - timedelta(days=3),
        )
    )
    assert await ids_of(registry, overdue="true") == [str(overdue)]
    assert set(await ids_of(registry, overdue="false")) == {str(samar), str(privileged)}
    assert await ids_of(registry, hromada="UA12-samar-city") == [str(samar)]
    assert await ids_of(registry, topic="006") == [str(samar)]
    assert await ids_of(registry, priority="true") == [str(privileged)]
    assert await ids_of(registry, channel="web", status="routed") == [str(overdue)]
    assert await ids_of(registry, body="council-dnipro") == [str(overdue)]
    since = (date.today() - timedelta(days=1)).isoformat()
    assert str(privileged) not in await ids_of(registry, received_from=since)
    assert await ids_of(registry, sort="due_asc") == [str(overdue)]


async def test_cursor_pages_neither_skip_nor_repeat(registry: RegistryUnderTest) -> None:
    moment = datetime.now(UTC)
    created = {
        str(await registry.register(received(applicant=someone(i), received_at=moment)))
        for i in range(7)
    }
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (
            await registry.client.get("/appeals", params=params, headers=bearer("operator"))
        ).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen))


async def test_a_forged_cursor_is_422(registry: RegistryUnderTest) -> None:
    for cursor in ("not-a-cursor", "WyJkdWVfYXNjIiwiMjAyNSIsIngiXQ=="):
        answer = await registry.client.get(
            "/appeals", params={"cursor": cursor}, headers=bearer("operator")
        )
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "cursor"


async def test_bad_filters_are_422_naming_the_field(registry: RegistryUnderTest) -> None:
    for params, field in (
        ({"status": "lost"}, "query.status.0"),
        ({"topic": "9"}, "topic"),
        ({"received_from": "2026-02-01", "received_to": "2026-01-01"}, "received_from"),
        ({"limit": 100000}, "query.limit"),
    ):
        answer = await registry.client.get("/appeals", params=params, headers=bearer("operator"))
        assert answer.status_code == 422, params
        assert field in {error["field"] for error in answer.json()["errors"]}


async def test_csv_export_streams_the_filtered_list(registry: RegistryUnderTest) -> None:
    for index in range(3):
        await registry.register(received(applicant=someone(index)))
    await registry.register(received(applicant=someone(9), topic_code="003"))
    answer = await registry.client.get(
        "/appeals/export", params={"topic": "009"}, headers=bearer("supervisor")
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(answer.text.removeprefix("\ufeff"))))
    assert len(table) == 3
    assert {row["topic_code"] for row in table} == {"009"}
    assert all(row["applicant_name"].startswith("Петренко") for row in table)


async def test_xlsx_export_for_an_analyst_has_no_names(registry: RegistryUnderTest) -> None:
    await registry.register(received(applicant=someone(1)))
    answer = await registry.client.get(
        "/appeals/export", params={"format": "xlsx"}, headers=bearer("analyst")
    )
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    header, *lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "applicant_name" not in header
    assert len(lines) == 1
    assert "Петренко" not in str(lines)


async def test_an_unknown_appeal_is_404(registry: RegistryUnderTest) -> None:
    answer = await registry.client.get(f"/appeals/{uuid.uuid4()}", headers=bearer("operator"))
    assert answer.status_code == 404
