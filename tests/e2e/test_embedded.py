"""The whole system in one process (SQLite, in-process bus), as `make run` starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.appeals import appeal_body
from tests.support.environment import bearer, eventually, free_port, service_environment


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    environment = {**os.environ, **service_environment("embedded")}
    environment.pop("DATABASE_URL")
    process = subprocess.Popen(
        [sys.executable, "-m", "services", "run", "all", "--port", str(port)],
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/registry/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"embedded system exited with {process.returncode}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (tmp_path / "var").is_dir(), "SQLite files live under var/"


async def test_embedded_system_registers_routes_and_pushes(embedded: str) -> None:
    async with httpx.AsyncClient(base_url=embedded, timeout=10) as client:
        ids = []
        for index in range(10):
            answer = await client.post(
                "/intake/appeals", json=appeal_body(index), headers=bearer("operator")
            )
            assert answer.status_code == 202, answer.text
            ids.append(answer.json()["appeal_id"])

        async def statuses() -> list[str]:
            found = []
            for appeal_id in ids:
                answer = await client.get(
                    f"/registry/appeals/{appeal_id}", headers=bearer("operator")
                )
                found.append(answer.json().get("status", "missing"))
            return found

        assert set(await eventually(statuses, lambda s: set(s) == {"routed"})) == {"routed"}
        deadlines = await client.get(
            "/monitoring/deadlines", params={"limit": 500}, headers=bearer("supervisor")
        )
        assert set(ids) <= {d["appeal_id"] for d in deadlines.json()}
        pushed = await eventually(
            lambda: client.get("/ucc-simulator/_sim/appeals"),
            lambda answer: set(ids) <= {a["regional_id"] for a in answer.json()["appeals"]},
        )
        regional_ids = [a["regional_id"] for a in pushed.json()["appeals"]]
        assert len(regional_ids) == len(set(regional_ids)), "no appeal pushed twice"
        listed = await client.get(
            "/registry/appeals", params={"limit": 100}, headers=bearer("operator")
        )
        demo = [item for item in listed.json()["items"] if item["id"] not in ids]
        assert len(demo) == 12, "the embedded mode starts with demo appeals"
        for name in ("intake", "registry", "router", "monitoring", "exchange"):
            assert (await client.get(f"/{name}/openapi.json")).status_code == 200
