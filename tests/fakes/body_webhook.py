"""A body's webhook receiver as a real HTTP server, with scripted misbehaviour.

Each request takes the next behaviour from the script (then the default): answer at once,
fail with 500, answer slowly, or keep the request past the sender's timeout (the appeal is
stored but the answer is lost, so the sender retries and the body sees the delivery twice).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from router.delivery import verify

Behaviour = Literal["ok", "fail", "slow", "hang"]


@dataclass
class Received:
    delivery_id: str
    attempt: int
    signature_valid: bool
    payload: dict[str, Any]


@dataclass
class BodyWebhook:
    secret: str
    script: list[Behaviour] = field(default_factory=list)
    default: Behaviour = "ok"
    slow_seconds: float = 0.3
    hang_seconds: float = 3.0
    received: list[Received] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_behaviour(self) -> Behaviour:
        with self._lock:
            return self.script.pop(0) if self.script else self.default

    def distinct_deliveries(self) -> set[str]:
        return {item.delivery_id for item in self.received}

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hook")
        async def hook(request: Request) -> JSONResponse:
            body = await request.body()
            behaviour = self.next_behaviour()
            if behaviour == "fail":
                return JSONResponse({"error": "down for maintenance"}, status_code=500)
            valid = verify(
                self.secret,
                request.headers.get("x-cc-timestamp", ""),
                body,
                request.headers.get("x-cc-signature", ""),
            )
            self.received.append(
                Received(
                    delivery_id=request.headers.get("x-cc-delivery-id", ""),
                    attempt=int(request.headers.get("x-cc-attempt", "0")),
                    signature_valid=valid,
                    payload=json.loads(body),
                )
            )
            if behaviour == "slow":
                await asyncio.sleep(self.slow_seconds)
            if behaviour == "hang":
                await asyncio.sleep(self.hang_seconds)
            if not valid:
                return JSONResponse({"error": "bad signature"}, status_code=401)
            return JSONResponse({"stored": True})

        return app


@contextmanager
def running_body_webhook(webhook: BodyWebhook) -> Iterator[BodyWebhook]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        webhook.app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("body webhook failed to start")
            threading.Event().wait(0.01)
        webhook.url = f"http://127.0.0.1:{port}/hook"
        yield webhook
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
