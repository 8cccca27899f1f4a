"""File exchange and reconciliation over the real stack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from exchange.ucc_file import UccFileRow, read_ucc_file, write_ucc_file
from tests.exchange.helpers import (
    OPERATOR,
    SUPERVISOR,
    exchange_caught_up,
    push_jobs_settled,
    routed_appeals,
    sim_by_regional_id,
)
from tests.fakes.ucc_server import SimulatorControl
from tests.support.environment import eventually, fetch
from tests.support.stacks import InProcessStack


def ucc_row(number: str, **changes: Any) -> UccFileRow:
    fields: dict[str, Any] = {
        "ucc_number": number,
        "status": "Зареєстровано",
        "sub_status": "Направлено до регіонального контактного центру",
        "created_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        "topic": "015 Житлово-комунальне господарство",
        "text": "Прошу відремонтувати дах будинку.",
        "applicant": "Шевченко Іван Петрович",
        "address": "м. Кривий Ріг, вул. Шкільна, 3",
        "phone": "+380501112233",
        "due_date": "2026-04-01",
    }
    fields.update(changes)
    return UccFileRow.model_validate(fields)


async def upload(stack: InProcessStack, content: bytes, name: str, key: str | None = None) -> Any:
    headers = {**OPERATOR, **({"Idempotency-Key": key} if key else {})}
    return await stack.clients["exchange"].post(
        "/files/import", files={"file": (name, content)}, headers=headers
    )


async def ucc_registry_numbers() -> list[str]:
    rows = await fetch("SELECT external_number FROM registry.appeal WHERE channel = 'ucc'")
    return sorted(row["external_number"] for row in rows)


async def test_import_creates_once_and_reports_every_row(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    rows = [ucc_row("UCC-2026-100001"), ucc_row("UCC-2026-100002", text=None)]
    csv_file = write_ucc_file(rows, "csv")
    broken = csv_file.decode("utf-8-sig") + ";;UCC-2026-100003;Зареєстровано;;вчора\r\n"

    first = await upload(exchange_stack, broken.encode("utf-8-sig"), "ucc.csv", key="a1")
    replay = await upload(exchange_stack, broken.encode("utf-8-sig"), "ucc.csv", key="a1")
    changed = [ucc_row("UCC-2026-100001", status="В роботі", sub_status="Розглядається")]
    second = await upload(exchange_stack, write_ucc_file(changed + changed, "xlsx"), "ucc.xlsx")

    assert first.status_code == 200, first.text
    report = first.json()
    assert report["totals"] == {"created": 1, "updated": 0, "skipped": 0, "error": 2}
    verdicts = {row["row"]: row for row in report["rows"]}
    assert verdicts[2]["result"] == "created"
    assert verdicts[3]["errors"] == [
        {"column": "Зміст", "message": "Обов'язкове поле не заповнене"}
    ]
    assert verdicts[4]["result"] == "error"
    assert {error["column"] for error in verdicts[4]["errors"]} == {"Створено"}
    assert replay.json() == report
    assert [row["result"] for row in second.json()["rows"]] == ["updated", "skipped"]
    assert await eventually(ucc_registry_numbers, lambda numbers: len(numbers) >= 1) == [
        "UCC-2026-100001"
    ]


async def test_import_refuses_what_it_cannot_read(exchange_stack: InProcessStack) -> None:
    exchange = exchange_stack.clients["exchange"]
    wrong_kind = await upload(exchange_stack, b"%PDF-1.4", "scan.pdf")
    no_columns = await upload(exchange_stack, "Колонка;Інша\r\n1;2\r\n".encode(), "x.csv")
    too_big = await exchange.post(
        "/files/import",
        files={"file": ("big.csv", b"x" * (11 * 1024 * 1024))},
        headers=OPERATOR,
    )
    analyst = await exchange.post(
        "/files/import", files={"file": ("a.csv", b"")}, headers={"Authorization": "Bearer x"}
    )

    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["field"] == "file"
    assert no_columns.status_code == 422
    assert "№ звернення" in no_columns.json()["detail"]
    assert too_big.status_code == 413
    assert analyst.status_code == 401


async def test_export_round_trips_and_is_audited(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    ids = await routed_appeals(exchange_stack, 3)
    await eventually(lambda: exchange_caught_up(ids), bool)
    now = datetime.now(UTC)
    period = {
        "from": (now - timedelta(days=1)).isoformat(),
        "to": (now + timedelta(days=1)).isoformat(),
    }

    csv_answer = await exchange.get(
        "/files/export", params={**period, "format": "csv"}, headers=OPERATOR
    )
    xlsx_answer = await exchange.get(
        "/files/export", params={**period, "format": "xlsx"}, headers=OPERATOR
    )

    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    rows = [result.row for result in read_ucc_file(csv_answer.content, "export.csv")]
    assert len(rows) == 3 and all(rows)
    pushed = await sim_by_regional_id(sim)
    assert sorted(row.ucc_number for row in rows if row) == sorted(
        pushed[appeal_id]["ucc_number"] for appeal_id in ids
    )
    assert {row.status for row in rows if row} == {"В роботі"}
    assert len(read_ucc_file(xlsx_answer.content, "export.xlsx")) == 3
    reimport = await upload(exchange_stack, csv_answer.content, "export.csv")
    assert reimport.json()["totals"]["created"] == 0
    audit = await fetch("SELECT subject, action FROM exchange.audit_log")
    assert [(row["subject"], row["action"]) for row in audit] == [
        ("test-operator", "export_file")
    ] * 2
    backwards = await exchange.get(
        "/files/export", params={"from": period["to"], "to": period["from"]}, headers=OPERATOR
    )
    assert backwards.status_code == 422


async def test_reconciliation_finds_what_the_ucc_lost_and_resend_repairs_it(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    ids = await routed_appeals(exchange_stack, 3)
    await eventually(push_jobs_settled, bool)
    now = datetime.now(UTC)
    period = {
        "from": (now - timedelta(hours=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat(),
    }

    # Reconciliation reports the moment it runs; once the dust settles both sides agree.
    clean = await eventually(
        lambda: exchange.post("/reconciliations", json=period, headers=SUPERVISOR),
        lambda answer: answer.status_code == 201 and answer.json()["counts"]["mismatches"] == 0,
    )
    await sim.reset()
    lost = await exchange.post("/reconciliations", json=period, headers=SUPERVISOR)
    for appeal_id in ids:
        await exchange.post(f"/appeals/{appeal_id}/resend", headers=SUPERVISOR)
    await eventually(lambda: sim_by_regional_id(sim), lambda views: len(views) == len(ids))
    await eventually(push_jobs_settled, bool)
    repaired = await exchange.post("/reconciliations", json=period, headers=SUPERVISOR)

    assert clean.status_code == 201, clean.text
    assert clean.json()["counts"] == {
        "ours": 3,
        "theirs": 3,
        "matched": 3,
        "not_yet_sent": 0,
        "mismatches": 0,
    }
    assert lost.json()["counts"]["mismatches"] == 3
    assert {m["kind"] for m in lost.json()["mismatches"]} == {"missing_at_ucc"}
    assert {m["appeal_id"] for m in lost.json()["mismatches"]} == set(ids)
    assert repaired.json()["mismatches"] == []
    stored = await exchange.get(f"/reconciliations/{lost.json()['id']}", headers=SUPERVISOR)
    assert stored.json()["mismatches"] == lost.json()["mismatches"]
    listed = await exchange.get("/reconciliations", params={"limit": 2}, headers=SUPERVISOR)
    assert [item["id"] for item in listed.json()["items"]] == [
        repaired.json()["id"],
        lost.json()["id"],
    ]
    assert listed.json()["next_cursor"] is not None


async def test_reconciliation_reports_an_assignment_never_taken(
    exchange_stack: InProcessStack, sim: SimulatorControl
) -> None:
    exchange = exchange_stack.clients["exchange"]
    await eventually(lambda: fetch("SELECT cursor FROM exchange.sync_cursor"), bool)
    await fetch("UPDATE exchange.sync_cursor SET cursor = '999999'")
    number = (await sim.assign())["ucc_number"]
    now = datetime.now(UTC)
    period = {
        "from": (now - timedelta(hours=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat(),
    }

    result = await exchange.post("/reconciliations", json=period, headers=SUPERVISOR)

    assert result.json()["mismatches"] == [
        {"kind": "missing_here", "ucc_number": number, "ucc_status": "Зареєстровано"}
    ]
