"""A fake Telegram Bot API served over real HTTP, and builders of real-shaped updates.

The server speaks the Bot API protocol (POST `/bot<token>/<method>`, `{"ok": ...}`
envelopes, `/file/bot<token>/<path>` downloads) for the methods the bot uses, records
every call, and can be told to fail the next calls with 500 or 429 so retry logic is
tested against a socket, not a mock.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

DEFAULT_TOKEN = "123456:TEST-token"
BOT_USER_ID = 123456


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake received (failed ones included)."""

    method: str
    payload: dict[str, Any]
    status_code: int


@dataclass
class _PlannedFailure:
    status_code: int
    retry_after: int | None


@dataclass
class FakeBotApi:
    """State of a running fake server: what it was asked and what it will answer."""

    token: str
    base_url: str = ""
    calls: list[RecordedCall] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    webhook: dict[str, Any] | None = None
    _failures: list[_PlannedFailure] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _message_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1000))

    def fail_next(
        self, count: int, *, status_code: int = 500, retry_after: int | None = None
    ) -> None:
        """Answer the next `count` requests with this error instead of doing the work."""
        with self._lock:
            self._failures.extend(_PlannedFailure(status_code, retry_after) for _ in range(count))

    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> None:
        """Make a file known to getFile and downloadable."""
        with self._lock:
            self.files[file_id] = (file_path or f"photos/{file_id}.jpg", content)

    def calls_to(self, method: str) -> list[RecordedCall]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def sent_texts(self) -> list[str]:
        return [str(call.payload.get("text")) for call in self.calls_to("sendMessage")]

    def _record(self, method: str, payload: dict[str, Any], status_code: int) -> None:
        with self._lock:
            self.calls.append(RecordedCall(method, payload, status_code))

    def _take_failure(self) -> _PlannedFailure | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def _next_message_id(self) -> int:
        with self._lock:
            return next(self._message_ids)


def _error(status_code: int, description: str, **parameters: Any) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status_code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status_code)


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _failure_response(failure: _PlannedFailure) -> JSONResponse:
    if failure.status_code == 429:
        retry_after = failure.retry_after or 1
        return _error(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
    return _error(failure.status_code, "Internal Server Error")


def build_app(fake: FakeBotApi) -> FastAPI:
    """The HTTP face of the fake; exposed so it can also be mounted in an ASGI test client."""
    app = FastAPI()

    def send_message(payload: dict[str, Any]) -> JSONResponse:
        text = payload.get("text")
        if "chat_id" not in payload:
            return _error(400, "Bad Request: chat_id is empty")
        if not isinstance(text, str) or not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return _error(400, "Bad Request: message is too long")
        return _ok(
            {
                "message_id": fake._next_message_id(),
                "from": {"id": BOT_USER_ID, "is_bot": True, "first_name": "DniproGuberBot"},
                "chat": {"id": payload["chat_id"], "type": "private"},
                "date": int(time.time()),
                "text": text,
            }
        )

    def answer_callback_query(payload: dict[str, Any]) -> JSONResponse:
        if not payload.get("callback_query_id"):
            return _error(400, "Bad Request: query is too old and response timeout expired")
        return _ok(True)

    def get_file(payload: dict[str, Any]) -> JSONResponse:
        file_id = str(payload.get("file_id", ""))
        if file_id not in fake.files:
            return _error(400, "Bad Request: invalid file_id")
        file_path, content = fake.files[file_id]
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"unique-{file_id}",
                "file_size": len(content),
                "file_path": file_path,
            }
        )

    def set_webhook(payload: dict[str, Any]) -> JSONResponse:
        url = str(payload.get("url", ""))
        if not url.startswith("https://"):
            return _error(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        fake.webhook = payload
        return JSONResponse({"ok": True, "result": True, "description": "Webhook was set"})

    handlers = {
        "sendMessage": send_message,
        "answerCallbackQuery": answer_callback_query,
        "getFile": get_file,
        "setWebhook": set_webhook,
    }

    @app.post("/bot{token}/{method}")
    async def bot_method(token: str, method: str, request: Request) -> Response:
        try:
            payload = await request.json()
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        response = _dispatch(token, method, payload)
        fake._record(method, payload, response.status_code)
        return response

    def _dispatch(token: str, method: str, payload: dict[str, Any]) -> JSONResponse:
        failure = fake._take_failure()
        if failure is not None:
            return _failure_response(failure)
        if token != fake.token:
            return _error(401, "Unauthorized")
        handler = handlers.get(method)
        if handler is None:
            return _error(404, "Not Found")
        return handler(payload)

    @app.get("/file/bot{token}/{file_path:path}")
    async def download(token: str, file_path: str) -> Response:
        failure = fake._take_failure()
        if failure is not None:
            response: Response = _failure_response(failure)
        elif token != fake.token:
            response = _error(401, "Unauthorized")
        else:
            contents = dict(fake.files.values())
            if file_path in contents:
                response = Response(contents[file_path], media_type="application/octet-stream")
            else:
                response = _error(404, "Not Found")
        fake._record("download_file", {"file_path": file_path}, response.status_code)
        return response

    return app


@contextmanager
def running_fake_bot_api(token: str = DEFAULT_TOKEN) -> Iterator[FakeBotApi]:
    """Serve a fresh fake on a free loopback port for the duration of the block."""
    fake = FakeBotApi(token=token)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    fake.base_url = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(build_app(fake), log_level="warning", lifespan="off", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("fake Bot API server did not start")
            time.sleep(0.01)
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


class UpdateFactory:
    """Builds Update JSON the way Telegram sends it, for one citizen in a private chat."""

    def __init__(
        self,
        *,
        user_id: int = 555000111,
        first_name: str = "Тарас",
        last_name: str | None = "Шевченко",
        username: str | None = "taras_sh",
        language_code: str = "uk",
        chat_id: int | None = None,
        chat_type: str = "private",
        start_update_id: int = 900_000_001,
        start_date: int = 1_735_725_600,
    ) -> None:
        self.user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        if last_name is not None:
            self.user["last_name"] = last_name
        if username is not None:
            self.user["username"] = username
        self.chat_id = chat_id if chat_id is not None else user_id
        self.chat_type = chat_type
        self._update_ids = itertools.count(start_update_id)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(4_382_000_001)
        self.date = start_date

    @property
    def user_id(self) -> int:
        return int(self.user["id"])

    def _chat(self) -> dict[str, Any]:
        if self.chat_type == "private":
            chat = {"id": self.chat_id, "type": "private", "first_name": self.user["first_name"]}
            if "username" in self.user:
                chat["username"] = self.user["username"]
            return chat
        return {"id": self.chat_id, "type": self.chat_type, "title": "Мешканці будинку"}

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": dict(self.user),
            "chat": self._chat(),
            "date": self.date,
            **content,
        }

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **body}

    def message(self, **content: Any) -> dict[str, Any]:
        """An update with a message carrying arbitrary content fields."""
        return self._update(message=self._message(**content))

    def text(self, text: str) -> dict[str, Any]:
        return self.message(text=text)

    def command(self, command: str) -> dict[str, Any]:
        name = command.split(maxsplit=1)[0]
        entities = [{"offset": 0, "length": len(name), "type": "bot_command"}]
        return self.message(text=command, entities=entities)

    def contact(self, phone_number: str, *, user_id: int | None = None) -> dict[str, Any]:
        """The citizen's own contact unless another `user_id` is given."""
        contact = {
            "phone_number": phone_number,
            "first_name": self.user["first_name"],
            "user_id": self.user_id if user_id is None else user_id,
        }
        return self.message(contact=contact)

    def foreign_contact(self, phone_number: str) -> dict[str, Any]:
        """A contact from the phone book that has no Telegram account (no user_id)."""
        return self.message(contact={"phone_number": phone_number, "first_name": "Оксана"})

    def photo(self, file_id: str | None = None, *, caption: str | None = None) -> dict[str, Any]:
        base = file_id or f"AgACAgIAAxkBAAI{next(self._message_ids)}"
        sizes = [
            {"file_id": f"{base}-s", "file_unique_id": f"{base}-us", "width": 90, "height": 67},
            {"file_id": f"{base}-m", "file_unique_id": f"{base}-um", "width": 320, "height": 240},
            {"file_id": base, "file_unique_id": f"{base}-u", "width": 1280, "height": 960},
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            content["caption"] = caption
        return self.message(**content)

    def sticker(self) -> dict[str, Any]:
        sticker = {
            "file_id": "CAACAgIAAxkBAAIBsticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self.message(sticker=sticker)

    def voice(self) -> dict[str, Any]:
        voice = {
            "file_id": "AwACAgIAAxkBAAIBvoice",
            "file_unique_id": "AgADvoice",
            "duration": 7,
            "mime_type": "audio/ogg",
        }
        return self.message(voice=voice)

    def video(self) -> dict[str, Any]:
        video = {
            "file_id": "BAACAgIAAxkBAAIBvideo",
            "file_unique_id": "AgADvideo",
            "width": 1280,
            "height": 720,
            "duration": 12,
        }
        return self.message(video=video)

    def location(self) -> dict[str, Any]:
        return self.message(location={"latitude": 48.4647, "longitude": 35.0462})

    def document(self, mime_type: str = "application/pdf") -> dict[str, Any]:
        document = {
            "file_id": "BQACAgIAAxkBAAIBdoc",
            "file_unique_id": "AgADdoc",
            "file_name": "scan.pdf" if mime_type == "application/pdf" else "scan.jpg",
            "mime_type": mime_type,
        }
        return self.message(document=document)

    def edited(self, original: dict[str, Any], text: str) -> dict[str, Any]:
        """An edited_message update for a message built earlier by this factory."""
        message = dict(original["message"])
        message["text"] = text
        message["edit_date"] = self.date + 60
        return self._update(edited_message=message)

    def callback(self, data: str, *, message_id: int | None = None) -> dict[str, Any]:
        """A pressed inline button under a bot message."""
        bot_message = {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "from": {"id": BOT_USER_ID, "is_bot": True, "first_name": "DniproGuberBot"},
            "chat": self._chat(),
            "date": self.date,
            "text": "…",
        }
        query = {
            "id": str(next(self._query_ids)),
            "from": dict(self.user),
            "message": bot_message,
            "chat_instance": "-7000000000000000000",
            "data": data,
        }
        return self._update(callback_query=query)
