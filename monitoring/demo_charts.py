"""Render the charts of docs/monitoring.md from demo appeals through the real reports API.

Run: ``python -m monitoring.demo_charts [--appeals 6000] [--out docs/monitoring]``. It builds
monitoring on a throw-away SQLite database (the embedded mode), feeds it the deterministic
demo corpus with an invented but seeded life of each appeal (routing, answers, extensions,
redirects, ratings), then asks the API for its ready-to-plot series and draws them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from monitoring.app import build
from monitoring.charts import bar_chart_svg, line_chart_svg
from monitoring.config import MonitoringSettings
from shared.auth import Role, mint_token
from shared.deadlines import receipt_date
from shared.demo_corpus import generate_appeals
from shared.events import (
    Address,
    AppealFeedbackReceived,
    AppealRegistered,
    AppealRouted,
    AppealStatusChanged,
    Applicant,
    EventPayload,
    make_envelope,
)
from shared.migrate import upgrade
from shared.service import ServiceRuntime

BODIES = ("council-dnipro", "council-kryvyi-rih", "oda-health", "oda-social", "oda-transport")
START = datetime(2025, 1, 6, tzinfo=UTC)
DAYS = 120


async def _deliver(runtime: ServiceRuntime, appeal_id: uuid.UUID, payload: EventPayload) -> None:
    envelope = make_envelope(payload, producer="demo", appeal_id=appeal_id, correlation_id="demo")
    await runtime.subscriptions[0].handler(envelope)


async def _feed(runtime: ServiceRuntime, appeals: int, now: datetime) -> None:
    rng = random.Random(7)
    lateness = {body: 0.05 + 0.08 * index for index, body in enumerate(BODIES)}
    for demo in generate_appeals(appeals, seed=3, start=START, days=DAYS):
        appeal_id = uuid.uuid4()
        number = f"DP-{demo.index:06d}"
        await _deliver(
            runtime,
            appeal_id,
            AppealRegistered(
                registration_number=number,
                channel=demo.channel,
                received_at=demo.received_at,
                registered_at=demo.received_at,
                topic_code=demo.topic_code,
                kind=demo.kind,
                text="",
                applicant=Applicant(
                    full_name="demo",
                    address=Address(hromada=demo.territory_code),
                    author_categories=list(demo.author_categories),
                    sex=demo.sex,
                    social_status=demo.social_status,
                ),
                sign=demo.sign,
                territory_code=demo.territory_code,
            ),
        )
        body = BODIES[demo.index % len(BODIES)]
        received_on = receipt_date(demo.received_at)
        due = received_on + timedelta(days=30)
        await _deliver(
            runtime, appeal_id, AppealRouted(body_code=body, received_on=received_on, due_date=due)
        )
        answer_day = rng.randint(3, 28) if rng.random() > lateness[body] else rng.randint(31, 50)
        answered_at = demo.received_at + timedelta(days=answer_day)
        if answered_at > now:
            continue
        await _deliver(
            runtime,
            appeal_id,
            AppealStatusChanged(
                registration_number=number,
                from_status="in_work",
                to_status="answered",
                changed_at=answered_at,
                body_code=body,
                outcome="explained",
            ),
        )
        if rng.random() < 0.3:
            await _deliver(
                runtime,
                appeal_id,
                AppealFeedbackReceived(
                    source="ucc_callback",
                    satisfied=rng.choice(("yes", "yes", "partly", "no")),
                    received_at=answered_at + timedelta(days=2),
                ),
            )


async def render(appeals: int, out: Path) -> list[Path]:
    now = START + timedelta(days=DAYS)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/demo.db"
        await upgrade(url, "monitoring", "monitoring")
        settings = MonitoringSettings(database_url=url, bus="memory", run_background_loops=False)
        app = build(settings)
        runtime: ServiceRuntime = app.state.runtime
        await runtime.start()
        token = mint_token(settings, "demo-analyst", [Role.ANALYST])
        headers = {"Authorization": f"Bearer {token}"}
        try:
            await _feed(runtime, appeals, now)
            period = {"from": "2025-03-06", "to": "2025-05-05"}
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://monitoring",
                headers=headers,
            ) as client:
                weekly = (
                    await client.get(
                        "/reports/series", params={**period, "bucket": "week", "top": 6}
                    )
                ).json()
                topics = (await client.get("/reports/content", params=period)).json()["rows"][:10]
                channels = (
                    await client.get("/reports/content", params={**period, "dimension": "channel"})
                ).json()["rows"]
                discipline = (
                    await client.get(
                        "/discipline", params={"from": "2025-01-06", "to": "2025-03-31"}
                    )
                ).json()["bodies"]
        finally:
            await runtime.stop()
    out.mkdir(parents=True, exist_ok=True)
    charts = {
        "topics-weekly.svg": line_chart_svg("Звернення за тижнями: найчастіші теми", weekly),
        "topics-period.svg": bar_chart_svg(
            "Звернення за темами, 6 березня – 5 травня 2025",
            [row["value"] for row in topics],
            [row["count"] for row in topics],
        ),
        "channels-period.svg": bar_chart_svg(
            "Звернення за каналами",
            [row["value"] for row in channels],
            [row["count"] for row in channels],
        ),
        "discipline-score.svg": bar_chart_svg(
            "Виконавська дисципліна: бал органу (0–100), I квартал 2025",
            [entry["body_code"] for entry in discipline],
            [entry["score"] or 0.0 for entry in discipline],
        ),
    }
    written = []
    for name, svg in charts.items():
        path = out / name
        path.write_text(svg, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appeals", type=int, default=6000)
    parser.add_argument("--out", type=Path, default=Path("docs/monitoring"))
    arguments = parser.parse_args()
    for path in asyncio.run(render(arguments.appeals, arguments.out)):
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
