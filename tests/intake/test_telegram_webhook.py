"""The Telegram webhook over the real stack, talking to the fake Bot API over HTTP."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.events import AppealAnswered, make_envelope
from tests.fakes.telegram_bot_api import FakeBotApi, UpdateFactory
from tests.intake.conftest import WEBHOOK_SECRET, IntakeStack
from tests.support.appeals import appeal_states
from tests.support.environment import eventually, fetch

ESSENCE = "Біля будинку на вул. Шевченка, 1 вже тиждень не працює вуличне освітлення."
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}


async def deliver(client: httpx.AsyncClient, update: dict[str, Any]) -> httpx.Response:
    answer = await client.post("/telegram/webhook", json=update, headers=HEADERS)
    assert answer.status_code == 200, answer.text
    return answer


async def sent_texts(fake: FakeBotApi) -> list[str]:
    return fake.sent_texts()


def has_text(fragment: str) -> Any:
    return lambda texts: any(fragment in text for text in texts)


async def fill_and_submit(client: httpx.AsyncClient, chat: UpdateFactory) -> None:
    for update in (
        chat.command("/start"),
        chat.text("Шевченко Тарас Григорович"),
        chat.contact("+380671234567"),
        chat.text("м. Дніпро, вул. Шевченка, 1, кв. 2"),
        chat.text(ESSENCE),
        chat.text("Готово"),
        chat.callback("review:ok"),
        chat.callback("consent:yes"),
    ):
        await deliver(client, update)


async def test_a_webhook_call_without_the_secret_is_refused(intake_stack: IntakeStack) -> None:
    client = intake_stack.clients["intake"]
    update = UpdateFactory().command("/start")
    assert (await client.post("/telegram/webhook", json=update)).status_code == 403
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
    assert (await client.post("/telegram/webhook", json=update, headers=wrong)).status_code == 403
    assert await fetch("SELECT update_id FROM intake.telegram_update") == []


async def test_a_dialogue_registers_the_appeal_and_the_bot_sends_its_number(
    intake_stack: IntakeStack, fake_bot: FakeBotApi
) -> None:
    client = intake_stack.clients["intake"]
    chat = UpdateFactory()
    await fill_and_submit(client, chat)

    [submission] = await fetch("SELECT appeal_id::text AS id, payload FROM intake.submission")
    assert '"telegram_chat_id": 555000111' in submission["payload"]
    assert await fetch("SELECT chat_id FROM intake.telegram_dialogue") == []
    await eventually(lambda: sent_texts(fake_bot), has_text("Дякуємо! Ваше звернення надіслано"))
    await eventually(lambda: appeal_states([submission["id"]]), lambda s: bool(s))
    texts = await eventually(lambda: sent_texts(fake_bot), has_text("Звернення № DP-"))
    assert texts.index(next(t for t in texts if "Звернення № DP-" in t)) > texts.index(
        next(t for t in texts if "Дякуємо!" in t)
    )

    await deliver(client, chat.command("/status"))
    await eventually(lambda: sent_texts(fake_bot), has_text("Ваші звернення:"))


async def outgoing_count() -> int:
    rows = await fetch("SELECT count(*) AS n FROM intake.telegram_outgoing")
    return int(rows[0]["n"])


async def test_a_redelivered_update_changes_nothing(intake_stack: IntakeStack) -> None:
    client = intake_stack.clients["intake"]
    chat = UpdateFactory()
    for update in (chat.command("/start"), chat.text("Шевченко Тарас Григорович")):
        await deliver(client, update)
        replies = await outgoing_count()
        await deliver(client, update)
        assert await outgoing_count() == replies
    [state] = await fetch("SELECT state FROM intake.telegram_dialogue")
    assert '"step": "phone"' in state["state"]
    assert '"full_name": "Шевченко Тарас Григорович"' in state["state"]


async def test_the_dialogue_survives_a_restart_of_intake(
    intake_stack: IntakeStack, fake_bot: FakeBotApi
) -> None:
    client = intake_stack.clients["intake"]
    chat = UpdateFactory()
    await deliver(client, chat.command("/start"))
    await deliver(client, chat.text("Шевченко Тарас Григорович"))
    await intake_stack.stop("intake")
    await intake_stack.start("intake")
    client = intake_stack.clients["intake"]
    for update in (
        chat.contact("+380671234567"),
        chat.text("м. Дніпро, вул. Шевченка, 1, кв. 2"),
        chat.text(ESSENCE),
        chat.text("Готово"),
        chat.callback("review:ok"),
        chat.callback("consent:yes"),
    ):
        await deliver(client, update)
    [row] = await fetch("SELECT payload FROM intake.submission")
    assert "Шевченко Тарас Григорович" in row["payload"]


async def test_replies_wait_out_a_bot_api_outage_and_arrive_in_order(
    intake_stack: IntakeStack, fake_bot: FakeBotApi
) -> None:
    fake_bot.fail_next(3, status_code=500)
    client = intake_stack.clients["intake"]
    chat = UpdateFactory()
    await deliver(client, chat.command("/start"))
    await deliver(client, chat.text("Шевченко Тарас Григорович"))
    pending = await fetch("SELECT count(*) AS n FROM intake.telegram_outgoing")
    expected = pending[0]["n"]
    texts = await eventually(lambda: sent_texts(fake_bot), lambda t: len(t) == expected, within=90)
    stored = await fetch("SELECT payload FROM intake.telegram_outgoing ORDER BY id")
    assert texts == [json.loads(row["payload"])["text"] for row in stored]
    failed = [call for call in fake_bot.calls_to("sendMessage") if call.status_code == 500]
    assert len(failed) == 3


async def test_an_answer_reaches_the_citizen_in_the_chat(
    intake_stack: IntakeStack, fake_bot: FakeBotApi
) -> None:
    client = intake_stack.clients["intake"]
    await fill_and_submit(client, UpdateFactory())
    [row] = await fetch("SELECT appeal_id FROM intake.submission")
    appeal_id: uuid.UUID = row["appeal_id"]
    await eventually(
        lambda: fetch("SELECT registration_number FROM intake.tracking"),
        lambda rows: rows[0]["registration_number"] is not None,
    )
    answer = AppealAnswered(
        body_code="council-dnipro",
        outcome="resolved_positively",
        answer_text="Освітлення відновлено 05.03.2025. Дякуємо за звернення.",
        signed_by="Заступник міського голови",
        answered_at=datetime.now(UTC),
    )
    router = intake_stack.runtime("router")
    async with router.transaction() as session:
        await router.outbox.add(
            session,
            make_envelope(answer, producer="router", appeal_id=appeal_id, correlation_id="t"),
        )
    await eventually(lambda: sent_texts(fake_bot), has_text("Освітлення відновлено 05.03.2025"))
    [tracked] = await fetch("SELECT status, answer_text FROM intake.tracking")
    assert tracked["status"] == "answered"
