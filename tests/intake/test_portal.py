"""The web portal: the Art. 5 electronic appeal over JSON and over the plain HTML form."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from shared.auth import Role
from tests.intake.conftest import IntakeStack
from tests.support.appeals import appeal_states
from tests.support.environment import bearer, eventually, fetch

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def web_appeal(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Коваленко Олена Петрівна",
        "residence": "м. Дніпро, вул. Робоча, 5, кв. 12",
        "text": "Третій день немає холодної води в будинку на вулиці Робочій, 5.",
        "email": "olena@example.com",
        "consent": True,
    }
    body.update(overrides)
    return body


async def registry_row(appeal_id: str) -> dict[str, Any]:
    await eventually(lambda: appeal_states([appeal_id]), lambda s: bool(s.get(appeal_id)))
    rows = await fetch(
        "SELECT channel, details, registration_number FROM registry.appeal WHERE id::text = $1",
        appeal_id,
    )
    return dict(rows[0])


async def test_a_web_appeal_is_accepted_with_a_lookup_code_stored_only_hashed(
    intake_stack: IntakeStack,
) -> None:
    answer = await intake_stack.clients["intake"].post("/public/appeals", json=web_appeal())
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", accepted["lookup_code"])
    assert accepted["anonymous"] is False
    stored = await fetch("SELECT lookup_code_hash, channel FROM intake.tracking")
    assert stored[0]["channel"] == "web"
    assert accepted["lookup_code"].replace("-", "") not in stored[0]["lookup_code_hash"]
    registered = await registry_row(accepted["reference"])
    assert registered["channel"] == "web"


async def test_an_appeal_without_name_is_accepted_and_passed_on_as_anonymous(
    intake_stack: IntakeStack,
) -> None:
    answer = await intake_stack.clients["intake"].post(
        "/public/appeals", json=web_appeal(full_name="", residence="")
    )
    assert answer.status_code == 202
    assert answer.json()["anonymous"] is True
    events = await fetch("SELECT envelope FROM intake.outbox")
    assert '"anonymous": true' in events[0]["envelope"]


async def test_missing_essence_contact_and_consent_are_explained_in_ukrainian(
    intake_stack: IntakeStack,
) -> None:
    answer = await intake_stack.clients["intake"].post(
        "/public/appeals", json=web_appeal(text="", email="", consent=False)
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    messages = {error["field"]: error["message"] for error in answer.json()["errors"]}
    assert set(messages) == {"text", "contact", "consent"}
    assert messages["contact"].startswith("Вкажіть електронну пошту або номер телефону")
    assert await fetch("SELECT id FROM intake.submission") == []


async def test_russian_is_answered_in_russian(intake_stack: IntakeStack) -> None:
    answer = await intake_stack.clients["intake"].post(
        "/public/appeals", json=web_appeal(text="", language="ru")
    )
    assert answer.json()["errors"][0]["message"] == "Опишите суть обращения."


async def test_attachments_are_kept_with_the_appeal_and_readable_by_staff(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    files = [
        {"filename": "труба.png", "content_base64": base64.b64encode(PNG).decode()},
        {"filename": "акт.pdf", "content_base64": base64.b64encode(PDF).decode()},
    ]
    answer = await client.post("/public/appeals", json=web_appeal(attachments=files))
    assert answer.status_code == 202, answer.text
    rows = await fetch("SELECT id::text AS id, content_type, size FROM intake.attachment")
    assert sorted((row["content_type"], row["size"]) for row in rows) == [
        ("application/pdf", len(PDF)),
        ("image/png", len(PNG)),
    ]
    png_id = next(row["id"] for row in rows if row["content_type"] == "image/png")
    download = await client.get(f"/attachments/{png_id}", headers=bearer(Role.OPERATOR))
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert (await client.get(f"/attachments/{png_id}")).status_code == 401
    events = await fetch("SELECT envelope FROM intake.outbox")
    assert f"intake:attachment/{png_id}" in events[0]["envelope"]


async def test_a_renamed_executable_is_refused_by_its_content(intake_stack: IntakeStack) -> None:
    fake = {"filename": "photo.jpg", "content_base64": base64.b64encode(b"MZ\x90\x00").decode()}
    answer = await intake_stack.clients["intake"].post(
        "/public/appeals", json=web_appeal(attachments=[fake])
    )
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "attachments"
    assert "JPEG, PNG" in error["message"]


async def test_a_repeated_post_with_the_same_key_gets_the_same_code_and_one_appeal(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    headers = {"Idempotency-Key": "b7c1d3a0-portal-retry"}
    first = await client.post("/public/appeals", json=web_appeal(), headers=headers)
    second = await client.post("/public/appeals", json=web_appeal(), headers=headers)
    assert first.json() == second.json()
    assert len(await fetch("SELECT id FROM intake.submission")) == 1


@pytest.mark.parametrize("intake_settings_update", [{"portal_submission_burst": 2}])
async def test_too_many_submissions_from_one_address_get_429_with_retry_after(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    statuses = [
        (await client.post("/public/appeals", json=web_appeal(text=f"{i} " + "х" * 20))).status_code
        for i in range(3)
    ]
    assert statuses == [202, 202, 429]
    refused = await client.post("/public/appeals", json=web_appeal())
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["Retry-After"]) >= 1
    page = await client.post("/portal", data={"text": "х" * 30}, files={"x": ("", b"")})
    assert page.status_code == 429
    assert "Забагато спроб" in page.text


async def test_an_oversized_body_gets_413_before_it_is_parsed(intake_stack: IntakeStack) -> None:
    huge = "х" * (21 * 1024 * 1024)
    client = intake_stack.clients["intake"]
    answer = await client.post("/public/appeals", json=web_appeal(text=huge))
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("application/problem+json")
    page = await client.post("/portal", content=huge.encode(), headers={"content-type": "text/x"})
    assert page.status_code == 413
    assert "Завеликий обсяг" in page.text


async def test_the_html_form_can_be_filled_in_and_sent_without_javascript(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    form_page = await client.get("/portal")
    assert form_page.status_code == 200
    assert '<html lang="uk">' in form_page.text
    assert "<script" not in form_page.text
    token = re.search(r'name="form_token" value="([^"]+)"', form_page.text)
    assert token is not None
    fields = {
        "language": "uk",
        "form_token": token.group(1),
        "full_name": "Коваленко Олена Петрівна",
        "residence": "м. Дніпро, вул. Робоча, 5",
        "text": "Третій день немає холодної води в будинку.",
        "phone": "067 111 22 33",
        "consent": "yes",
    }
    sent = await client.post("/portal", data=fields, files={"attachments": ("фото.png", PNG)})
    assert sent.status_code == 202, sent.text
    assert "Звернення прийнято" in sent.text
    code = re.search(r'class="code">([0-9A-Z-]+)<', sent.text)
    assert code is not None
    again = await client.post("/portal", data=fields, files={"attachments": ("фото.png", PNG)})
    assert code.group(1) in again.text
    assert len(await fetch("SELECT id FROM intake.submission")) == 1
    assert len(await fetch("SELECT id FROM intake.attachment")) == 1


async def test_the_html_form_shows_each_mistake_next_to_its_field(
    intake_stack: IntakeStack,
) -> None:
    page = await intake_stack.clients["intake"].post(
        "/portal?lang=ru",
        data={"language": "ru", "text": "<b>коротко</b>", "email": "не-пошта"},
        files={"attachments": ("", b"")},
    )
    assert page.status_code == 422
    assert '<html lang="ru">' in page.text
    assert "Проверьте адрес электронной почты" in page.text
    assert "Без вашего согласия" in page.text
    assert "&lt;b&gt;коротко&lt;/b&gt;" in page.text
    assert "<b>коротко</b>" not in page.text


async def test_the_citizen_follows_the_appeal_by_number_and_code_and_sees_nothing_else(
    intake_stack: IntakeStack,
) -> None:
    client = intake_stack.clients["intake"]
    accepted = (await client.post("/public/appeals", json=web_appeal())).json()
    code = accepted["lookup_code"]
    early = await client.post(
        "/public/status", json={"number": accepted["reference"], "code": code.lower()}
    )
    assert early.status_code == 200
    registered = await registry_row(accepted["reference"])
    number = registered["registration_number"]

    async def lookup() -> dict[str, Any]:
        answer = await client.post("/public/status", json={"number": number, "code": code})
        return dict(answer.json()) if answer.status_code == 200 else {}

    seen = await eventually(lookup, lambda view: view.get("status") == "routed")
    assert set(seen) == {
        "registration_number",
        "status",
        "status_text",
        "body",
        "due_date",
        "answer",
    }
    assert seen["registration_number"] == number
    assert seen["status_text"] == "передано на розгляд"
    assert seen["due_date"] is not None
    assert "Коваленко" not in str(seen) and "olena@example.com" not in str(seen)

    wrong = await client.post("/public/status", json={"number": number, "code": "AAAAA-AAAAA"})
    unknown = await client.post("/public/status", json={"number": "DP-0000-1", "code": code})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json()["detail"] == unknown.json()["detail"]

    page = await client.post("/portal/status", data={"number": number, "code": code})
    assert page.status_code == 200
    assert number in page.text and "передано на розгляд" in page.text


@pytest.mark.parametrize("intake_settings_update", [{"status_lookup_burst": 2}])
async def test_status_lookups_are_rate_limited(intake_stack: IntakeStack) -> None:
    client = intake_stack.clients["intake"]
    statuses = [
        (await client.post("/public/status", json={"number": "DP-1", "code": "X"})).status_code
        for _ in range(3)
    ]
    assert statuses == [404, 404, 429]
