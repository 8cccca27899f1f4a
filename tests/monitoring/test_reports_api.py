"""Discipline, content, classifier sections, public issues, hot spots and gauges over HTTP."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from monitoring.gauges import refresh_gauges
from monitoring.hotspot_watch import run_hotspot_pass
from tests.monitoring.conftest import Monitoring, kyiv, start_monitoring, stop_monitoring
from tests.support.environment import bearer, fetch

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}


async def answered(
    monitoring: Monitoring, body: str, received: datetime, answered_at: datetime | None
) -> uuid.UUID:
    appeal_id = uuid.uuid4()
    await monitoring.register(appeal_id, received)
    received_on = received.date()
    await monitoring.route(appeal_id, received_on, received_on + timedelta(days=30), body)
    if answered_at is not None:
        await monitoring.move(appeal_id, "answered", answered_at, body_code=body)
    return appeal_id


async def test_discipline_ranks_bodies_and_drills_down_to_the_appeals(
    monitoring: Monitoring,
) -> None:
    on_time = await answered(monitoring, "body-good", kyiv(2025, 3, 3), kyiv(2025, 3, 20))
    late = await answered(monitoring, "body-late", kyiv(2025, 3, 3), kyiv(2025, 4, 20))
    open_overdue = await answered(monitoring, "body-late", kyiv(2025, 3, 4), None)
    report = await monitoring.client.get("/discipline", params=MARCH, headers=bearer("analyst"))
    assert report.status_code == 200
    bodies = report.json()["bodies"]
    assert [entry["body_code"] for entry in bodies] == ["body-good", "body-late"]
    good, bad = bodies
    assert good["score"] == 100.0
    assert bad["parts"]["overdue_open"] == 1 and bad["parts"]["overdue_answered"] == 1
    # Nothing on time, but the one answer stood and nothing was redirected:
    # (0.5 × 0 + 0.2 × 1 + 0.1 × 1) / (0.5 + 0.2 + 0.1), no rating yet.
    assert bad["score"] == 37.5
    assert bad["score_rates"]["on_time"] == 0.0

    drill = await monitoring.client.get(
        "/discipline/body-late/appeals",
        params={**MARCH, "metric": "overdue_open"},
        headers=bearer("supervisor"),
    )
    assert [item["appeal_id"] for item in drill.json()["items"]] == [str(open_overdue)]
    page = await monitoring.client.get(
        "/discipline/body-late/appeals",
        params={**MARCH, "metric": "received", "limit": 1},
        headers=bearer("supervisor"),
    )
    assert page.json()["next_cursor"] == page.json()["items"][0]["appeal_id"]
    rest = await monitoring.client.get(
        "/discipline/body-late/appeals",
        params={**MARCH, "metric": "received", "cursor": page.json()["next_cursor"]},
        headers=bearer("supervisor"),
    )
    seen = {page.json()["items"][0]["appeal_id"], rest.json()["items"][0]["appeal_id"]}
    assert seen == {str(late), str(open_overdue)}
    assert on_time not in seen

    own = await monitoring.client.get(
        "/discipline", params=MARCH, headers=bearer("body_officer", body_code="body-good")
    )
    assert [entry["body_code"] for entry in own.json()["bodies"]] == ["body-good"]
    other = await monitoring.client.get(
        "/discipline/body-late/appeals",
        params={**MARCH, "metric": "received"},
        headers=bearer("body_officer", body_code="body-good"),
    )
    assert other.status_code == 403
    assert (
        await monitoring.client.get("/discipline", headers=bearer("operator"))
    ).status_code == 403


async def test_periods_are_checked_and_named_in_the_problem(monitoring: Monitoring) -> None:
    backwards = await monitoring.client.get(
        "/discipline", params={"from": "2025-03-10", "to": "2025-03-01"}, headers=bearer("analyst")
    )
    assert backwards.status_code == 422
    assert backwards.headers["content-type"] == "application/problem+json"
    assert backwards.json()["errors"][0]["field"] == "to"
    too_long = await monitoring.client.get(
        "/reports/content",
        params={"from": "2023-01-01", "to": "2025-03-01"},
        headers=bearer("analyst"),
    )
    assert too_long.status_code == 422
    bad_metric = await monitoring.client.get(
        "/discipline/x/appeals", params={"metric": "nonsense"}, headers=bearer("analyst")
    )
    assert bad_metric.status_code == 422


async def test_content_report_trend_top_problems_and_series(monitoring: Monitoring) -> None:
    for day in (3, 4, 5):
        await monitoring.register(uuid.uuid4(), kyiv(2025, 3, day), topic_code="009")
    await monitoring.register(uuid.uuid4(), kyiv(2025, 2, 10), topic_code="009")
    await monitoring.register(uuid.uuid4(), kyiv(2025, 2, 11), topic_code="006")
    await monitoring.register(uuid.uuid4(), kyiv(2025, 3, 6), topic_code="006", channel="web")
    period = {"from": "2025-03-01", "to": "2025-03-28"}
    content = await monitoring.client.get(
        "/reports/content", params={**period, "dimension": "topic"}, headers=bearer("analyst")
    )
    rows = {row["value"]: row for row in content.json()["rows"]}
    assert content.json()["previous"] == {"from": "2025-02-01", "to": "2025-02-28"}
    assert (rows["009"]["count"], rows["009"]["previous"], rows["009"]["change_percent"]) == (
        3,
        1,
        200.0,
    )
    assert rows["006"]["change"] == 0
    channels = await monitoring.client.get(
        "/reports/content", params={**period, "dimension": "channel"}, headers=bearer("analyst")
    )
    assert {row["value"]: row["count"] for row in channels.json()["rows"]} == {
        "hotline": 3,
        "web": 1,
    }
    top = await monitoring.client.get(
        "/reports/top-problems", params=period, headers=bearer("analyst")
    )
    assert top.json()["rows"][0]["topic_code"] == "009"
    plotted = await monitoring.client.get(
        "/reports/series",
        params={"from": "2025-03-03", "to": "2025-03-09", "bucket": "day", "dimension": "topic"},
        headers=bearer("analyst"),
    )
    data = plotted.json()
    assert data["x"][0] == "2025-03-03" and len(data["x"]) == 7
    assert data["series"][0] == {"name": "009", "values": [1, 1, 1, 0, 0, 0, 0]}


async def test_the_sections_report_downloads_as_csv_and_xlsx(monitoring: Monitoring) -> None:
    await monitoring.register(uuid.uuid4(), kyiv(2025, 3, 3), topic_code="009", categories=("7.5",))
    await monitoring.register(uuid.uuid4(), kyiv(2025, 3, 4), topic_code="009", channel="web")
    as_json = await monitoring.client.get(
        "/reports/sections", params=MARCH, headers=bearer("analyst")
    )
    counts = {(row["section"], row["code"]): row["count"] for row in as_json.json()["rows"]}
    assert counts[("II", "009")] == 2
    assert counts[("1", "1.1.1")] == 1 and counts[("1", "1.1")] == 1
    assert counts[("6", "6.3")] == 1 and counts[("6", "6.4")] == 1
    assert counts[("7", "7.5")] == 1
    assert counts[("3", "3.3")] == 2
    assert counts[("4", "4.2")] == 2
    as_csv = await monitoring.client.get(
        "/reports/sections", params={**MARCH, "format": "csv"}, headers=bearer("analyst")
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    text = as_csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "section,section_name,code,name,count"
    assert any(
        line.startswith("II,") and ",009," in line and line.endswith(",2")
        for line in text.splitlines()
    )
    as_xlsx = await monitoring.client.get(
        "/reports/sections", params={**MARCH, "format": "xlsx"}, headers=bearer("analyst")
    )
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("section", "section_name", "code", "name", "count")
    assert ("II", "009", 2) in {(row[0], row[2], row[4]) for row in rows[1:]}
    refused = await monitoring.client.get(
        "/reports/sections", headers=bearer("body_officer", body_code="b")
    )
    assert refused.status_code == 403


async def test_public_topical_issues_hide_small_counts_and_limit_each_client(
    monitoring: Monitoring, bus_prefix: str
) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    for _ in range(6):
        await monitoring.register(uuid.uuid4(), yesterday, topic_code="009")
    for _ in range(2):
        await monitoring.register(uuid.uuid4(), yesterday, topic_code="006")
    answer = await monitoring.client.get("/public/topical-issues")
    assert answer.status_code == 200
    topics = answer.json()["topics"]
    assert [(t["topic_code"], t["appeals"]) for t in topics] == [("009", 6), ("006", "<5")]
    assert topics[0]["topic"] == "Комунальне господарство"
    assert "Коваленко" not in answer.text and "council" not in answer.text

    limited = await start_monitoring(bus_prefix, public_requests_per_minute=2)
    try:
        codes = [(await limited.client.get("/public/topical-issues")).status_code for _ in range(3)]
        refused = await limited.client.get("/public/topical-issues")
    finally:
        await stop_monitoring(limited)
    assert codes == [200, 200, 429]
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1


async def test_a_spike_opens_one_problem_across_replicas_and_a_supervisor_closes_it(
    monitoring: Monitoring, bus_prefix: str
) -> None:
    spike_day = date(2025, 3, 31)
    for back in range(4, 32):
        await monitoring.register(uuid.uuid4(), kyiv(2025, 3, 31) - timedelta(days=back))
    spike = [uuid.uuid4() for _ in range(12)]
    for appeal_id in spike:
        await monitoring.register(appeal_id, kyiv(2025, 3, 31, 10))
    await monitoring.register(uuid.uuid4(), kyiv(2025, 3, 31), topic_code="006")
    second = await start_monitoring(bus_prefix)
    try:
        opened = await asyncio.gather(
            run_hotspot_pass(monitoring.runtime, kyiv(2025, 3, 31, 18)),
            run_hotspot_pass(second.runtime, kyiv(2025, 3, 31, 18)),
            run_hotspot_pass(second.runtime, kyiv(2025, 3, 31, 19)),
        )
    finally:
        await stop_monitoring(second)
    assert sorted(len(ids) for ids in opened) == [0, 0, 1]
    events = await fetch(
        "SELECT envelope->'data' AS data FROM monitoring.outbox "
        "WHERE event_type = 'hotspot.detected'"
    )
    assert len(events) == 1
    listed = await monitoring.client.get("/hotspots", headers=bearer("supervisor"))
    [problem] = listed.json()
    assert (problem["topic_code"], problem["first_day"]) == ("009", spike_day.isoformat())
    assert set(spike) <= {uuid.UUID(value) for value in problem["appeal_ids"]}

    path = f"/hotspots/{problem['id']}"
    assert (
        await monitoring.client.post(f"{path}/acknowledge", headers=bearer("analyst"))
    ).status_code == 403
    acknowledged = await monitoring.client.post(f"{path}/acknowledge", headers=bearer("supervisor"))
    assert acknowledged.json()["status"] == "acknowledged"
    closed = await monitoring.client.post(
        f"{path}/close", json={"note": "Аварію усунено"}, headers=bearer("supervisor")
    )
    assert closed.json()["status"] == "closed" and closed.json()["note"] == "Аварію усунено"
    again = await monitoring.client.post(f"{path}/acknowledge", headers=bearer("supervisor"))
    assert again.status_code == 409
    missing = await monitoring.client.post(
        f"/hotspots/{uuid.uuid4()}/close", headers=bearer("supervisor")
    )
    assert missing.status_code == 404

    assert await run_hotspot_pass(monitoring.runtime, kyiv(2025, 4, 1, 9)) == []
    assert (await monitoring.client.get("/hotspots", headers=bearer("supervisor"))).json() == []


async def test_gauges_show_backlog_overdue_and_open_problems(monitoring: Monitoring) -> None:
    await answered(monitoring, "body-a", kyiv(2025, 3, 3), None)
    await answered(monitoring, "body-a", kyiv(2025, 3, 3), kyiv(2025, 3, 5))
    await refresh_gauges(monitoring.runtime, kyiv(2025, 4, 10))
    metrics = (await monitoring.client.get("/metrics")).text
    assert 'monitoring_backlog{status="routed"} 1.0' in metrics
    assert "monitoring_overdue_open 1.0" in metrics
    assert 'monitoring_open_hotspots{status="open"} 0.0' in metrics
