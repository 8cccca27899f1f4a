"""The Bot API client against the fake Bot API served over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from intake.channels.telegram.bot_api import BotApiClient, BotApiError, secret_token_matches
from tests.fakes.telegram_bot_api import FakeBotApi, running_fake_bot_api


class RecordingSleep:
    """Stands in for asyncio.sleep so retry waits are observed, not spent."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    with running_fake_bot_api() as fake:
        yield fake


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def client_for(fake: FakeBotApi, sleep: RecordingSleep, **options: Any) -> BotApiClient:
    return BotApiClient(fake.token, base_url=fake.base_url, sleep=sleep, **options)


async def test_send_message_posts_json_and_returns_the_message_id(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    keyboard = {"remove_keyboard": True}
    async with client_for(fake_api, sleep) as client:
        first = await client.send_message(42, "Вітаємо!", reply_markup=keyboard)
        second = await client.send_message(42, "Крок 1 з 5")

    assert second == first + 1
    calls = fake_api.calls_to("sendMessage")
    assert [call.payload for call in calls] == [
        {"chat_id": 42, "text": "Вітаємо!", "reply_markup": keyboard},
        {"chat_id": 42, "text": "Крок 1 з 5"},
    ]
    assert sleep.delays == []


async def test_retries_through_server_errors_with_jittered_exponential_backoff(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    fake_api.fail_next(3, status_code=500)
    async with client_for(fake_api, sleep, backoff_initial=1.0, backoff_max=30.0) as client:
        message_id = await client.send_message(42, "Текст")

    assert message_id > 0
    statuses = [call.status_code for call in fake_api.calls_to("sendMessage")]
    assert statuses == [500, 500, 500, 200]
    assert len(sleep.delays) == 3
    for attempt, delay in enumerate(sleep.delays, start=1):
        assert 0 <= delay <= 2.0 ** (attempt - 1)


async def test_too_many_requests_waits_exactly_retry_after(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    fake_api.fail_next(2, status_code=429, retry_after=7)
    async with client_for(fake_api, sleep) as client:
        await client.answer_callback_query("4382000001", text="Готово")

    calls = fake_api.calls_to("answerCallbackQuery")
    assert [call.status_code for call in calls] == [429, 429, 200]
    assert calls[-1].payload == {"callback_query_id": "4382000001", "text": "Готово"}
    assert sleep.delays == [7.0, 7.0]


async def test_retry_after_beyond_the_cap_is_raised_not_awaited(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    fake_api.fail_next(1, status_code=429, retry_after=3600)
    async with client_for(fake_api, sleep, max_retry_after=60.0) as client:
        with pytest.raises(BotApiError) as raised:
            await client.send_message(42, "Текст")

    assert raised.value.error_code == 429
    assert raised.value.retry_after == 3600
    assert sleep.delays == []


async def test_bad_request_is_not_retried(fake_api: FakeBotApi, sleep: RecordingSleep) -> None:
    async with client_for(fake_api, sleep) as client:
        with pytest.raises(BotApiError) as raised:
            await client.send_message(42, "   ")

    assert raised.value.error_code == 400
    assert raised.value.description == "Bad Request: message text is empty"
    assert len(fake_api.calls_to("sendMessage")) == 1
    assert sleep.delays == []


async def test_wrong_token_is_not_retried_and_not_leaked(sleep: RecordingSleep) -> None:
    with running_fake_bot_api(token="123:right") as fake:
        async with BotApiClient("123:wrong", base_url=fake.base_url, sleep=sleep) as client:
            with pytest.raises(BotApiError) as raised:
                await client.send_message(42, "Текст")

    assert raised.value.error_code == 401
    assert "123:wrong" not in str(raised.value)
    assert len(fake.calls) == 1


async def test_persistent_server_errors_give_up_after_max_attempts(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    fake_api.fail_next(10, status_code=500)
    async with client_for(fake_api, sleep, max_attempts=3) as client:
        with pytest.raises(BotApiError) as raised:
            await client.send_message(42, "Текст")

    assert raised.value.error_code == 500
    assert len(fake_api.calls_to("sendMessage")) == 3


async def test_get_file_and_download_it_through_a_flaky_server(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    fake_api.add_file("photo-1", b"\xff\xd8jpeg bytes", file_path="photos/file_7.jpg")
    async with client_for(fake_api, sleep) as client:
        info = await client.get_file("photo-1")
        assert info.file_path == "photos/file_7.jpg"
        assert info.file_size == len(b"\xff\xd8jpeg bytes")
        fake_api.fail_next(1, status_code=502)
        content = await client.download_file(info.file_path)

    assert content == b"\xff\xd8jpeg bytes"
    downloads = fake_api.calls_to("download_file")
    assert [call.status_code for call in downloads] == [502, 200]


async def test_unknown_file_id_is_a_bad_request(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    async with client_for(fake_api, sleep) as client:
        with pytest.raises(BotApiError) as raised:
            await client.get_file("missing")
    assert raised.value.description == "Bad Request: invalid file_id"


async def test_set_webhook_sends_url_secret_and_update_types(
    fake_api: FakeBotApi, sleep: RecordingSleep
) -> None:
    async with client_for(fake_api, sleep) as client:
        await client.set_webhook("https://cc.example.gov.ua/telegram/webhook", "s3cret-token")
        with pytest.raises(BotApiError):
            await client.set_webhook("http://insecure.example", "s3cret-token")

    assert fake_api.webhook == {
        "url": "https://cc.example.gov.ua/telegram/webhook",
        "secret_token": "s3cret-token",
        "allowed_updates": ["message", "edited_message", "callback_query"],
        "drop_pending_updates": False,
    }


async def test_network_errors_are_retried_then_reported_as_bot_api_errors(
    sleep: RecordingSleep,
) -> None:
    attempts: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    transport = httpx.MockTransport(refuse)
    async with httpx.AsyncClient(transport=transport) as http:
        client = BotApiClient("1:t", http_client=http, max_attempts=4, sleep=sleep)
        with pytest.raises(BotApiError) as raised:
            await client.send_message(1, "Текст")

    assert raised.value.error_code is None
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert len(attempts) == 4
    assert len(sleep.delays) == 3


async def test_non_json_gateway_error_is_retried(sleep: RecordingSleep) -> None:
    answers = iter(
        [
            httpx.Response(502, text="<html>Bad Gateway</html>"),
            httpx.Response(200, json={"ok": True, "result": {"message_id": 9}}),
        ]
    )
    transport = httpx.MockTransport(lambda request: next(answers))
    async with httpx.AsyncClient(transport=transport) as http:
        client = BotApiClient("1:t", http_client=http, sleep=sleep)
        assert await client.send_message(1, "Текст") == 9
    assert len(sleep.delays) == 1


def test_webhook_secret_token_check() -> None:
    assert secret_token_matches("abc", "abc")
    assert not secret_token_matches("abd", "abc")
    assert not secret_token_matches(None, "abc")
