"""Run the UCC simulator as a real HTTP server on a free loopback port, for tests."""

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from exchange.simulator import create_app


@contextmanager
def running_ucc_simulator(app: FastAPI | None = None) -> Iterator[str]:
    """Serve ``app`` (a fresh simulator by default) in a background thread; yield its URL."""
    served = app or create_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        served, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("UCC simulator failed to start")
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class SimulatorControl:
    """The simulator's ``/_sim`` controls, as a test would press them."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=10.0)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self._http.post(path, json=body)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    async def reset(self) -> None:
        (await self._http.post("/_sim/reset")).raise_for_status()

    async def fault(self, mode: str, **options: Any) -> None:
        (await self._http.post("/_sim/faults", json={"mode": mode, **options})).raise_for_status()

    async def assign(self, **fields: Any) -> dict[str, Any]:
        return await self._post("/_sim/assignments", fields)

    async def callback(self, ucc_number: str, satisfied: str, **fields: Any) -> dict[str, Any]:
        return await self._post(
            "/_sim/callbacks", {"ucc_number": ucc_number, "satisfied": satisfied, **fields}
        )

    async def rework(self, ucc_number: str, reason: str, **fields: Any) -> dict[str, Any]:
        return await self._post(
            "/_sim/rework", {"ucc_number": ucc_number, "reason": reason, **fields}
        )

    async def info_request(self, ucc_number: str, question: str, due_date: str) -> dict[str, Any]:
        return await self._post(
            "/_sim/info-requests",
            {"ucc_number": ucc_number, "question": question, "due_date": due_date},
        )

    async def appeals(self) -> dict[str, Any]:
        response = await self._http.get("/_sim/appeals")
        response.raise_for_status()
        report: dict[str, Any] = response.json()
        return report
