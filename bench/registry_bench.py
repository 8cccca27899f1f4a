"""Registry at scale: seed N realistic appeals, then time search, lists and applicant history.

    python -m bench.registry_bench --n 1000000

The appeals come from `shared.demo_corpus` (Ukrainian and Russian texts, territories of
Dnipropetrovsk oblast, repeats and mass campaigns) and go straight into the registry's
tables of a dedicated database by COPY, with the secondary indexes built afterwards. The
timings go through the registry's HTTP app in this process (auth, query, audit write,
serialisation), so they are what an operator's screen waits for, minus the network.
Text fingerprints (repeat detection at registration) are skipped unless asked for: they
cost about 1.3 ms an appeal in Python and no benchmarked query reads them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy.engine import make_url

from registry.app import build
from registry.config import RegistrySettings
from registry.matching import (
    address_key,
    name_key,
    normalize_email,
    normalize_phone,
    text_fingerprint,
)
from shared.auth import Role, mint_token
from shared.demo_corpus import DemoAppeal, generate_appeals
from shared.migrate import upgrade
from shared.reference import load_bodies, load_classifier

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/contact_center_bench_registry"
COPY_BATCH = 20_000
CLOSED_OUTCOMES = ("resolved_positively", "explained", "explained", "refused", "not_in_competence")
SEARCH_WORDS = (
    "вода", "води", "опалення", "отопление", "дорога", "ремонт", "пенсія", "пенсии", "сміття",
    "мусор", "світло", "газ", "субсидія", "лікарня", "школа", "автобус", "зарплата", "тарифи",
    "каналізація", "освітлення", "ліфт", "земля", "аварійний дерево", "холодної води",
)  # fmt: skip


@dataclass(frozen=True)
class Figures:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float


def _plain_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def ensure_database(url: str) -> None:
    name = make_url(url).database
    admin = await asyncpg.connect(_plain_dsn(url, "postgres"))
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    await upgrade(url, "registry", "registry")


def _lifecycle(appeal: DemoAppeal, now: datetime, rng: random.Random) -> dict[str, Any]:
    """A plausible status for an appeal of that age: most old ones are closed."""
    age = (now - appeal.received_at).days
    received_on = appeal.received_at.date()
    due = received_on + timedelta(days=15 if appeal.needs_no_further_study else 30)
    if age > 45 or (age > 20 and rng.random() < 0.7):
        return {"status": "closed", "outcome": rng.choice(CLOSED_OUTCOMES), "due_date": due}
    roll = rng.random()
    if roll < 0.1:
        return {"status": "resolved_on_contact", "outcome": "explained", "due_date": None}
    if roll < 0.5:
        return {"status": "in_work", "outcome": None, "due_date": due}
    if roll < 0.8:
        return {"status": "routed", "outcome": None, "due_date": due}
    return {"status": "answered", "outcome": rng.choice(CLOSED_OUTCOMES), "due_date": due}


def rows(n: int, *, seed: int, with_fingerprints: bool) -> Iterator[tuple[Any, ...]]:
    """Registry rows in the column order of `COLUMNS`, as COPY wants them."""
    rng = random.Random(f"lifecycle-{seed}")
    bodies = [body.code for body in load_bodies()]
    privileged = {
        value.code for value in load_classifier().values("author_category") if value.privileged
    }
    start = datetime(2025, 1, 1, tzinfo=UTC)
    now = start + timedelta(days=366)
    for appeal in generate_appeals(n, seed=seed, start=start, days=365):
        address = appeal.address
        fingerprint = text_fingerprint(appeal.text) if with_fingerprints else None
        life = _lifecycle(appeal, now, rng)
        received_at = appeal.received_at.astimezone(UTC)
        applicant = {
            "full_name": appeal.applicant_name,
            "phone": appeal.phone,
            "email": appeal.email,
            "sex": appeal.sex,
            "social_status": appeal.social_status,
            "address": asdict(address),
            "applicant_type": "individual",
        }
        yield (
            uuid.UUID(int=rng.getrandbits(128)),
            f"DP-{received_at.year}-{appeal.index + 1:06d}",
            life["status"],
            life["outcome"],
            appeal.channel,
            appeal.kind,
            appeal.topic_code,
            json.dumps(applicant, ensure_ascii=False),
            appeal.text,
            appeal.channel == "support_line",
            appeal.needs_no_further_study,
            bodies[zlib.crc32((appeal.territory_code + appeal.topic_code).encode()) % len(bodies)]
            if life["due_date"]
            else None,
            life["due_date"],
            received_at,
            received_at + timedelta(seconds=2),
            received_at + timedelta(days=3),
            "{}",
            "individual",
            "individual",
            appeal.language,
            appeal.sign,
            bool(privileged.intersection(appeal.author_categories)),
            address.raion,
            address.hromada,
            normalize_phone(appeal.phone),
            normalize_email(appeal.email) if appeal.email else None,
            name_key(appeal.applicant_name),
            address_key(address.settlement, address.street, address.house, address.flat),
            fingerprint.to_bytes() if fingerprint else None,
            fingerprint.bands if fingerprint else None,
        )


COLUMNS = (
    "id", "registration_number", "status", "outcome", "channel", "kind", "topic_code",
    "applicant", "text", "confidential", "needs_no_further_study", "body_code", "due_date",
    "received_at", "registered_at", "updated_at", "details", "subject", "applicant_type",
    "language", "sign", "priority", "raion", "hromada", "phone_key", "email_key", "name_key",
    "address_key", "fingerprint", "text_bands",
)  # fmt: skip


async def seed(url: str, n: int, *, seed_value: int, with_fingerprints: bool) -> float:
    """Load `n` appeals unless the database already holds them; returns seconds spent."""
    connection = await asyncpg.connect(_plain_dsn(url))
    try:
        have = await connection.fetchval("SELECT count(*) FROM registry.appeal")
        if have == n:
            return 0.0
        started = time.perf_counter()
        await connection.execute(
            "TRUNCATE registry.appeal, registry.status_history, registry.appeal_link, "
            "registry.attachment, registry.special_category, registry.audit_log, "
            "registry.registration_counter CASCADE"
        )
        indexes = await connection.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'registry' "
            "AND tablename = 'appeal' AND indexname NOT IN ('appeal_pkey', "
            "'appeal_registration_number_key')"
        )
        for index in indexes:
            await connection.execute(f'DROP INDEX registry."{index["indexname"]}"')
        batch: list[tuple[Any, ...]] = []
        loaded = 0
        for row in rows(n, seed=seed_value, with_fingerprints=with_fingerprints):
            batch.append(row)
            if len(batch) == COPY_BATCH:
                await _copy(connection, batch)
                loaded += len(batch)
                batch.clear()
                if loaded % 100_000 == 0:
                    print(f"  {loaded:,} appeals loaded", flush=True)
        if batch:
            await _copy(connection, batch)
        print("  building indexes", flush=True)
        await connection.execute("SET maintenance_work_mem = '512MB'")
        for index in indexes:
            await connection.execute(index["indexdef"])
        await connection.execute("ANALYZE registry.appeal")
        return time.perf_counter() - started
    finally:
        await connection.close()


async def _copy(connection: asyncpg.Connection, batch: list[tuple[Any, ...]]) -> None:
    await connection.copy_records_to_table(
        "appeal", schema_name="registry", records=batch, columns=list(COLUMNS)
    )


async def _sample_keys(url: str, count: int) -> list[dict[str, Any]]:
    connection = await asyncpg.connect(_plain_dsn(url))
    try:
        return [
            dict(row)
            for row in await connection.fetch(
                "SELECT applicant->>'phone' AS phone, applicant->>'full_name' AS name, "
                "applicant->>'email' AS email, raion, topic_code FROM registry.appeal "
                "TABLESAMPLE SYSTEM (1) LIMIT $1",
                count,
            )
        ]
    finally:
        await connection.close()


async def measure(
    name: str, samples: int, request: Callable[[int], Awaitable[httpx.Response]]
) -> Figures:
    timings = []
    for index in range(samples):
        started = time.perf_counter()
        answer = await request(index)
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{name}: {answer.status_code} {answer.text[:300]}")
    timings.sort()
    return Figures(
        name=name,
        samples=samples,
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(timings[int(len(timings) * 0.95) - 1], 2),
        max_ms=round(timings[-1], 2),
    )


def _phone_variant(phone: str, index: int) -> str:
    digits = phone.removeprefix("+380")
    forms = (phone, f"0{digits}", f"(0{digits[:2]}) {digits[2:5]}-{digits[5:7]}-{digits[7:]}")
    return forms[index % len(forms)]


async def run_queries(url: str, samples: int, seed_value: int) -> list[Figures]:
    settings = RegistrySettings(database_url=url, bus="memory", environment="test")
    app = build(settings, manage_runtime=False)
    token = mint_token(settings, "bench-operator", [Role.OPERATOR])
    headers = {"Authorization": f"Bearer {token}"}
    keys = await _sample_keys(url, samples)
    rng = random.Random(seed_value)
    statuses = ("routed", "in_work", "closed", "answered")
    topics = sorted({key["topic_code"] for key in keys})
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://registry", headers=headers
        ) as client:
            await client.get("/appeals", params={"limit": 1})  # warm the pool

            def search(index: int) -> Awaitable[httpx.Response]:
                words = SEARCH_WORDS[index % len(SEARCH_WORDS)]
                return client.get("/appeals", params={"q": words, "limit": 50})

            def filtered(index: int) -> Awaitable[httpx.Response]:
                key = keys[index % len(keys)]
                params: dict[str, Any] = {"limit": 50, "status": rng.choice(statuses)}
                variant = index % 4
                if variant == 0:
                    params["raion"] = key["raion"]
                elif variant == 1:
                    params["topic"] = rng.choice(topics)
                    params["received_from"] = date(2025, 6, 1).isoformat()
                elif variant == 2:
                    params = {"limit": 50, "overdue": "true", "sort": "due_asc"}
                else:
                    params.update(priority="true", topic=rng.choice(topics))
                return client.get("/appeals", params=params)

            def history(index: int) -> Awaitable[httpx.Response]:
                key = keys[index % len(keys)]
                if index % 5 == 4:
                    return client.get("/applicants/history", params={"name": key["name"]})
                return client.get(
                    "/applicants/history", params={"phone": _phone_variant(key["phone"], index)}
                )

            return [
                await measure("full_text_search", samples, search),
                await measure("filtered_list_page", samples, filtered),
                await measure("applicant_history", samples, history),
            ]
    finally:
        await app.state.runtime.engine.dispose()


async def main(arguments: argparse.Namespace) -> dict[str, Any]:
    await ensure_database(arguments.database_url)
    seconds = await seed(
        arguments.database_url,
        arguments.n,
        seed_value=arguments.seed,
        with_fingerprints=arguments.with_fingerprints,
    )
    figures = await run_queries(arguments.database_url, arguments.samples, arguments.seed)
    return {
        "appeals": arguments.n,
        "seed_seconds": round(seconds, 1),
        "samples_per_query": arguments.samples,
        "target_p95_ms": 100,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "queries": [asdict(figure) for figure in figures],
    }


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="appeals to seed")
    parser.add_argument("--samples", type=int, default=300, help="timed requests per query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--with-fingerprints", action="store_true")
    parser.add_argument("--output", type=Path, default=Path("var/bench/registry.json"))
    arguments = parser.parse_args()
    result = asyncio.run(main(arguments))
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"registry at {result['appeals']:,} appeals (seeded in {result['seed_seconds']} s):")
    for figure in result["queries"]:
        print(
            f"  {figure['name']:<20} p50 {figure['p50_ms']:>7} ms   p95 {figure['p95_ms']:>7} ms"
            f"   max {figure['max_ms']:>7} ms   ({figure['samples']} samples)"
        )


if __name__ == "__main__":
    cli()
