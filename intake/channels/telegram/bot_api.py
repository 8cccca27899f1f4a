"""A small client for the Telegram Bot API, with the retry rules Telegram asks for.

Every method is POST `/bot<token>/<method>` with a JSON body; the answer is
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description": ...,
"parameters": {"retry_after": ...}}`. Server errors and network failures are retried
with jittered exponential backoff; a 429 waits exactly the `retry_after` Telegram asks
for; any other 4xx is the caller's mistake and is raised at once. The token is never put
into an exception message, because those end up in logs.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self

import httpx
from pydantic import BaseModel, ConfigDict
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

DEFAULT_BASE_URL = "https://api.telegram.org"

Sleep = Callable[[float], Awaitable[None]]


class BotApiError(Exception):
    """The Bot API refused a call, or could not be reached after all retries."""

    def __init__(
        self,
        method: str,
        description: str,
        *,
        error_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{method}: {error_code or 'no answer'} {description}")
        self.method = method
        self.description = description
        self.error_code = error_code
        self.retry_after = retry_after

    @property
    def is_transient(self) -> bool:
        """Worth trying again: Telegram is overloaded, down or unreachable."""
        return self.error_code is None or self.error_code == 429 or self.error_code >= 500


class FileInfo(BaseModel):
    """The Bot API `File` object: where to download an attachment from."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    file_id: str
    file_unique_id: str
    file_size: int | None = None
    file_path: str | None = None


def secret_token_matches(received: str | None, expected: str) -> bool:
    """Check the X-Telegram-Bot-Api-Secret-Token header of a webhook call in constant time."""
    if received is None:
        return False
    return hmac.compare_digest(received.encode(), expected.encode())


class BotApiClient:
    """Calls the Bot API on behalf of one bot (one token)."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        max_attempts: int = 5,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 60.0,
        sleep: Sleep | None = None,
    ) -> None:
        """`max_retry_after` caps how long a 429 may make us wait; beyond it we give up.

        `sleep` replaces asyncio.sleep between attempts (tests record delays through it).
        """
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._max_attempts = max_attempts
        self._backoff = wait_random_exponential(multiplier=backoff_initial, max=backoff_max)
        self._max_retry_after = max_retry_after
        self._sleep: Sleep = sleep or asyncio.sleep

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_client:
            await self._http.aclose()

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None
    ) -> int:
        """Send a plain-text message; returns its message_id."""
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        result = await self.call("sendMessage", payload)
        return int(result["message_id"])

    async def answer_callback_query(self, callback_query_id: str, text: str | None = None) -> None:
        """Acknowledge a pressed inline button, optionally with a short toast."""
        payload: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text is not None:
            payload["text"] = text
        await self.call("answerCallbackQuery", payload)

    async def get_file(self, file_id: str) -> FileInfo:
        """Resolve a file_id (for example a photo's) to a downloadable path."""
        result = await self.call("getFile", {"file_id": file_id})
        return FileInfo.model_validate(result)

    async def download_file(self, file_path: str) -> bytes:
        """Fetch the content of a file returned by `get_file`."""
        url = f"{self._base_url}/file/bot{self._token}/{file_path.lstrip('/')}"
        content: bytes = await self._retrying()(self._download_once, url)
        return content

    async def set_webhook(
        self,
        url: str,
        secret_token: str,
        *,
        allowed_updates: list[str] | None = None,
        drop_pending_updates: bool = False,
    ) -> None:
        """Point the bot's updates at our HTTPS endpoint, signed with `secret_token`."""
        payload: dict[str, Any] = {
            "url": url,
            "secret_token": secret_token,
            "allowed_updates": allowed_updates or ["message", "edited_message", "callback_query"],
            "drop_pending_updates": drop_pending_updates,
        }
        await self.call("setWebhook", payload)

    async def call(self, method: str, payload: dict[str, Any]) -> Any:
        """Call any Bot API method and return its `result`, retrying transient failures."""
        url = f"{self._base_url}/bot{self._token}/{method}"
        return await self._retrying()(self._call_once, method, url, payload)

    async def _call_once(self, method: str, url: str, payload: dict[str, Any]) -> Any:
        try:
            response = await self._http.post(url, json=payload)
        except httpx.TransportError as error:
            raise BotApiError(method, type(error).__name__) from error
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise BotApiError(
                method,
                response.reason_phrase or "unreadable answer",
                error_code=response.status_code,
            )
        if body.get("ok") is True:
            return body.get("result")
        parameters = body.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise BotApiError(
            method,
            str(body.get("description", "")),
            error_code=int(body.get("error_code") or response.status_code),
            retry_after=float(retry_after) if isinstance(retry_after, int | float) else None,
        )

    async def _download_once(self, url: str) -> bytes:
        try:
            response = await self._http.get(url)
        except httpx.TransportError as error:
            raise BotApiError("download_file", type(error).__name__) from error
        if response.status_code != 200:
            raise BotApiError(
                "download_file", response.reason_phrase, error_code=response.status_code
            )
        return response.content

    def _should_retry(self, error: BaseException) -> bool:
        if not isinstance(error, BotApiError) or not error.is_transient:
            return False
        return error.retry_after is None or error.retry_after <= self._max_retry_after

    def _wait(self, retry_state: RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, BotApiError) and error.retry_after is not None:
            return error.retry_after
        return self._backoff(retry_state)

    def _retrying(self) -> AsyncRetrying:
        return AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            reraise=True,
            sleep=self._sleep,
        )
