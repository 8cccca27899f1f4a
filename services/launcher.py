"""Start each service as its own `python -m services run NAME` process, and stop them cleanly.

Used by `python -m services up`, by the benchmark and by the tests that kill a service.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Mapping

import httpx

from services.catalog import SERVICES


class ServiceProcesses:
    def __init__(self, environment: Mapping[str, str], ports: Mapping[str, int] | None = None):
        self.environment = {**os.environ, **environment}
        self.ports = dict(ports or {spec.name: spec.port for spec in SERVICES})
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str) -> None:
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "services", "run", name, "--port", str(self.ports[name])],
            env=self.environment,
        )

    async def wait_ready(self, name: str, *, within: float = 60.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        async with httpx.AsyncClient() as client:
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}")
                try:
                    if (await client.get(f"{self.url(name)}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if loop.time() > deadline:
                    raise TimeoutError(f"{name} did not become ready")
                await asyncio.sleep(0.2)

    async def start_all(self) -> None:
        for spec in SERVICES:
            self.start(spec.name)
        for spec in SERVICES:
            await self.wait_ready(spec.name)

    def kill(self, name: str) -> None:
        """SIGKILL: no clean shutdown, as in a crash."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self, *, grace: float = 20.0) -> None:
        """SIGTERM every process (finishing in-flight work), then kill what is left."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def rss_kib(self) -> dict[str, int]:
        """Resident memory of each process, from /proc (Linux)."""
        sizes: dict[str, int] = {}
        for name, process in self.processes.items():
            try:
                with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            sizes[name] = int(line.split()[1])
            except OSError:
                continue
        return sizes
