"""Appeals as the tests post them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.environment import SYSTEM_API_KEY, fetch

TOPICS = ("009", "006", "003", "008", "012", "015", "010", "025")


def appeal_body(index: int = 0, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "hotline",
        "applicant": {
            "full_name": f"Коваленко Олена Петрівна {index}",
            "phone": f"+38067{index:07d}",
            "address": {
                "hromada": "UA12-dnipro-city",
                "settlement": "Дніпро",
                "street": "вул. Робоча",
                "house": str(index % 200 + 1),
            },
        },
        "text": f"Третій день немає холодної води в будинку {index % 200 + 1}.",
        "topic_code": TOPICS[index % len(TOPICS)],
    }
    body.update(overrides)
    return body


async def post_appeal(
    client: httpx.AsyncClient, index: int = 0, *, key: str | None = None, **overrides: Any
) -> httpx.Response:
    headers = {"X-Api-Key": SYSTEM_API_KEY}
    if key is not None:
        headers["Idempotency-Key"] = key
    return await client.post("/appeals", json=appeal_body(index, **overrides), headers=headers)


async def appeal_states(appeal_ids: list[str]) -> dict[str, str]:
    rows = await fetch(
        "SELECT id::text AS id, status FROM registry.appeal WHERE id::text = ANY($1::text[])",
        appeal_ids,
    )
    return {row["id"]: row["status"] for row in rows}


async def registry_counts(appeal_ids: list[str]) -> int:
    rows = await fetch(
        "SELECT count(*) AS n FROM registry.appeal WHERE id::text = ANY($1::text[])", appeal_ids
    )
    return int(rows[0]["n"])


async def deadline_count(appeal_ids: list[str]) -> int:
    rows = await fetch(
        "SELECT count(*) AS n FROM monitoring.deadline WHERE appeal_id::text = ANY($1::text[])",
        appeal_ids,
    )
    return int(rows[0]["n"])
