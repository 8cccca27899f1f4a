"""End-to-end throughput and latency of the distributed stack, next to the bare ceilings.

Posts N appeals to intake (C in flight), waits until every one is routed, and reports
appeals/s and POST→routed latency percentiles, measured from the services' own timestamps
in PostgreSQL. In the same run it measures the bare ceilings of the same broker (confirmed
publishes) and database (single-row insert + commit) and prints the ratios.

    python -m bench.pipeline [--appeals 5000] [--concurrency 64] [--out var/bench/pipeline.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import httpx
from sqlalchemy.engine import make_url

from services.catalog import SERVICES
from services.launcher import ServiceProcesses
from shared.demo_corpus import generate_appeals
from shared.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/contact_center_bench"
)
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
API_KEY = "bench-system-key"


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def recreate_database() -> str:
    name = make_url(POSTGRES_URL).database or "contact_center_bench"
    admin = await asyncpg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = POSTGRES_URL.replace("postgresql://", "postgresql+asyncpg://", 1)
    for spec in SERVICES:
        await upgrade(url, spec.name, spec.schema)
    return url


async def publish_ceiling(messages: int, in_flight: int) -> float:
    """Confirmed persistent publishes to a quorum queue, `in_flight` confirms outstanding."""
    connection = await aio_pika.connect(AMQP_URL)
    name = f"bench.ceiling.{uuid.uuid4().hex[:8]}"
    try:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue(
            name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        body = b"x" * 600
        semaphore = asyncio.Semaphore(in_flight)

        async def publish() -> None:
            async with semaphore:
                await channel.default_exchange.publish(
                    aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=name,
                )

        started = time.perf_counter()
        await asyncio.gather(*(publish() for _ in range(messages)))
        elapsed = time.perf_counter() - started
        await queue.delete(if_unused=False, if_empty=False)
        return messages / elapsed
    finally:
        await connection.close()


async def insert_ceiling(rows: int, connections: int) -> float:
    """Single-row INSERT, one transaction each, over `connections` connections (asyncpg)."""
    pool = await asyncpg.create_pool(POSTGRES_URL, min_size=connections, max_size=connections)
    assert pool is not None
    try:
        await pool.execute(
            "CREATE TABLE IF NOT EXISTS bench_ceiling (id uuid PRIMARY KEY, body jsonb NOT NULL)"
        )
        semaphore = asyncio.Semaphore(connections)
        document = json.dumps({"text": "x" * 400})

        async def insert() -> None:
            async with semaphore:
                await pool.execute(
                    "INSERT INTO bench_ceiling VALUES ($1, $2::jsonb)", uuid.uuid4(), document
                )

        started = time.perf_counter()
        await asyncio.gather(*(insert() for _ in range(rows)))
        return rows / (time.perf_counter() - started)
    finally:
        await pool.execute("DROP TABLE IF EXISTS bench_ceiling")
        await pool.close()


def demo_appeals(count: int) -> list[dict[str, Any]]:
    """Realistic, varied appeals (texts, applicants, places) from the demo corpus."""
    return [
        {
            "channel": demo.channel,
            "applicant": {
                "full_name": demo.applicant_name,
                "phone": demo.phone,
                "email": demo.email,
                "address": {
                    "hromada": demo.territory_code,
                    "settlement": demo.address.settlement,
                    "street": demo.address.street,
                    "house": demo.address.house,
                    "flat": demo.address.flat,
                },
            },
            "text": demo.text,
            "topic_code": demo.topic_code,
            "kind": demo.kind,
        }
        for demo in generate_appeals(count, seed=7)
    ]


async def drive(intake_url: str, appeals: int, concurrency: int) -> None:
    semaphore = asyncio.Semaphore(concurrency)
    bodies = demo_appeals(appeals)
    done = 0
    async with httpx.AsyncClient(base_url=intake_url, timeout=60) as client:

        async def one(index: int) -> None:
            nonlocal done
            async with semaphore:
                answer = await client.post(
                    "/appeals",
                    json=bodies[index],
                    headers={"X-Api-Key": API_KEY, "Idempotency-Key": f"bench-{index}"},
                )
                answer.raise_for_status()
                done += 1
                if done % 100 == 0 or done == appeals:
                    progress("posted", done, appeals)

        await asyncio.gather(*(one(i) for i in range(appeals)))


async def wait_routed(appeals: int) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        while True:
            routed = await connection.fetchval(
                "SELECT count(*) FROM registry.appeal WHERE status = 'routed'"
            )
            progress("routed", routed, appeals)
            if routed >= appeals:
                return
            await asyncio.sleep(0.5)
    finally:
        await connection.close()


async def measured_latencies() -> tuple[list[float], float]:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        rows = await connection.fetch(
            "SELECT extract(epoch FROM h.changed_at - s.received_at) AS seconds, "
            "s.received_at, h.changed_at FROM intake.submission s "
            "JOIN registry.status_history h ON h.appeal_id = s.appeal_id AND h.to_status = 'routed'"
        )
    finally:
        await connection.close()
    latencies = [float(row["seconds"]) for row in rows]
    span = (
        max(r["changed_at"] for r in rows) - min(r["received_at"] for r in rows)
    ).total_seconds()
    return latencies, span


async def run(appeals: int, concurrency: int) -> dict[str, Any]:
    database_url = await recreate_database()
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    simulator_port = 18099
    simulator = subprocess.Popen(
        [sys.executable, "-m", "services", "ucc-simulator", "--port", str(simulator_port)]
    )
    processes = ServiceProcesses(
        {
            "DATABASE_URL": database_url,
            "AMQP_URL": AMQP_URL,
            "BUS_PREFIX": prefix,
            "QUEUE_EXPIRES_MS": "60000",
            "API_KEYS": json.dumps({API_KEY: {"name": "bench", "roles": ["system"]}}),
            "UCC_BASE_URL": f"http://127.0.0.1:{simulator_port}",
            "LOG_LEVEL": "WARNING",
            "ENVIRONMENT": "test",
        }
    )
    try:
        sys.stderr.write("bench: measuring bare ceilings…\n")
        publish_rate = statistics.median([await publish_ceiling(5000, 100) for _ in range(3)])
        publish_serial = await publish_ceiling(1000, 1)
        insert_rate = statistics.median([await insert_ceiling(5000, 32) for _ in range(3)])
        sys.stderr.write("bench: starting the five services…\n")
        await processes.start_all()
        started = time.perf_counter()
        await asyncio.gather(
            drive(processes.url("intake"), appeals, concurrency), wait_routed(appeals)
        )
        wall = time.perf_counter() - started
        latencies, span = await measured_latencies()
        rss = processes.rss_kib()
    finally:
        processes.stop_all()
        simulator.terminate()
        simulator.wait(timeout=20)
    throughput = appeals / span
    return {
        "appeals": appeals,
        "concurrency": concurrency,
        "appeals_per_second": round(throughput, 1),
        "wall_seconds": round(wall, 2),
        "latency_ms": {
            "p50": round(percentile(latencies, 50) * 1000, 1),
            "p95": round(percentile(latencies, 95) * 1000, 1),
            "p99": round(percentile(latencies, 99) * 1000, 1),
        },
        "ceilings_per_second": {
            "rabbitmq_confirmed_publish_100_in_flight": round(publish_rate),
            "rabbitmq_confirmed_publish_one_at_a_time": round(publish_serial),
            "postgresql_insert_commit_32_connections": round(insert_rate),
        },
        "ratio_to_ceiling": {
            "vs_publish": round(throughput / publish_rate, 3),
            "vs_insert": round(throughput / insert_rate, 3),
        },
        "rss_mib": {name: round(kib / 1024, 1) for name, kib in rss.items()},
    }


def report(figures: dict[str, Any]) -> str:
    latency = figures["latency_ms"]
    ceilings = figures["ceilings_per_second"]
    lines = [
        f"pipeline: {figures['appeals']} appeals, {figures['concurrency']} in flight",
        f"  throughput        {figures['appeals_per_second']:>8} appeals/s (POST → routed)",
        f"  latency           p50 {latency['p50']} ms, p95 {latency['p95']} ms, "
        f"p99 {latency['p99']} ms",
        f"  ceiling publish   {ceilings['rabbitmq_confirmed_publish_100_in_flight']:>8} msg/s "
        "(100 confirms in flight; "
        f"{ceilings['rabbitmq_confirmed_publish_one_at_a_time']} one at a time)",
        f"  ceiling insert    {ceilings['postgresql_insert_commit_32_connections']:>8} rows/s "
        "(32 connections)",
        f"  ratio             {figures['ratio_to_ceiling']['vs_publish']} of publish, "
        f"{figures['ratio_to_ceiling']['vs_insert']} of insert",
        "  RSS MiB           " + ", ".join(f"{k} {v}" for k, v in figures["rss_mib"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--appeals", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--out", type=Path, default=Path("var/bench/pipeline.json"))
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.appeals, args.concurrency))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(report(figures))
    print(f"  written to {args.out}")


if __name__ == "__main__":
    main()
