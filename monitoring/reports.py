"""Queries behind the reports: discipline, content analysis, classifier sections, series.

Everything here reads the projection and returns counts or registration numbers; no
personal data is ever selected. Periods are inclusive ranges of Kyiv days of receipt.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

from openpyxl import Workbook
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from monitoring.discipline import AppealFacts, Metric, belongs
from monitoring.models import author_category, deadline, redirect
from shared.deadlines import kyiv_date
from shared.reference import load_classifier

Dimension = Literal[
    "topic", "territory", "channel", "kind", "sign", "sex", "social_status", "author_category"
]
Bucket = Literal["day", "week", "month"]

DIMENSION_COLUMNS: Final[dict[str, ColumnElement[Any]]] = {
    "topic": deadline.c.topic_code,
    "territory": deadline.c.territory_code,
    "channel": deadline.c.channel,
    "kind": deadline.c.kind,
    "sign": deadline.c.sign,
    "sex": deadline.c.sex,
    "social_status": deadline.c.social_status,
}

FORM_OF_RECEIPT_BY_CHANNEL: Final[dict[str, str]] = {
    "hotline": "1.1.1",
    "support_line": "1.1.1",
    "web": "1.1",
    "telegram": "1.1",
    "email": "1.1",
    "post": "1.1",
    "api": "1.1",
    "reception": "1.2",
    "ucc": "1.4",
}
"""Classifier section 1: phone lines are 1.1.1, written and electronic mail 1.1, the UCC
passes appeals on as a government body (1.4)."""

TYPE_BY_CHANNEL: Final[dict[str, str]] = {
    "hotline": "6.3",
    "support_line": "6.3",
    "reception": "6.3",
    "post": "6.2",
    "web": "6.4",
    "telegram": "6.4",
    "email": "6.4",
    "api": "6.4",
    "ucc": "6.4",
}
"""Classifier section 6: oral for calls and receptions, letter for post, else electronic."""

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one, for trends."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))


def _in_period(period: Period) -> ColumnElement[bool]:
    return deadline.c.received_on.between(period.first, period.last)


async def cohort_facts(
    session: AsyncSession, period: Period, body_code: str | None = None
) -> dict[str | None, list[AppealFacts]]:
    """The appeals received in the period, grouped by the body that has them."""
    query = select(
        deadline.c.appeal_id,
        deadline.c.registration_number,
        deadline.c.body_code,
        deadline.c.received_on,
        deadline.c.due_date,
        deadline.c.answered_at,
        deadline.c.closed,
        deadline.c.extensions,
        deadline.c.reworks,
        deadline.c.sign,
        deadline.c.satisfied,
    ).where(_in_period(period), deadline.c.body_code.is_not(None))
    if body_code is not None:
        query = query.where(deadline.c.body_code == body_code)
    grouped: dict[str | None, list[AppealFacts]] = defaultdict(list)
    for row in (await session.execute(query)).all():
        grouped[row.body_code].append(
            AppealFacts(
                appeal_id=row.appeal_id,
                registration_number=row.registration_number,
                received_on=row.received_on,
                due_date=row.due_date,
                answered_on=kyiv_date(row.answered_at) if row.answered_at else None,
                awaiting_answer=not row.closed,
                extensions=row.extensions,
                reworks=row.reworks,
                sign=row.sign,
                satisfied=row.satisfied if row.satisfied in ("yes", "no", "partly") else None,
            )
        )
    return grouped


async def redirect_counts(
    session: AsyncSession, period: Period, body_code: str | None = None
) -> Counter[str]:
    """Appeals of the period each body sent away as not in its competence."""
    query = (
        select(redirect.c.from_body_code, func.count())
        .select_from(redirect.join(deadline, deadline.c.appeal_id == redirect.c.appeal_id))
        .where(_in_period(period))
        .group_by(redirect.c.from_body_code)
    )
    if body_code is not None:
        query = query.where(redirect.c.from_body_code == body_code)
    return Counter({row[0]: int(row[1]) for row in (await session.execute(query)).all()})


async def redirected_appeals(
    session: AsyncSession, period: Period, body_code: str
) -> list[tuple[uuid.UUID, str | None]]:
    rows = await session.execute(
        select(deadline.c.appeal_id, deadline.c.registration_number)
        .select_from(redirect.join(deadline, deadline.c.appeal_id == redirect.c.appeal_id))
        .where(_in_period(period), redirect.c.from_body_code == body_code)
        .distinct()
    )
    return [(row[0], row[1]) for row in rows.all()]


def members(facts: Iterable[AppealFacts], metric: Metric, today: date) -> list[AppealFacts]:
    return sorted(
        (item for item in facts if belongs(metric, item, today)), key=lambda item: item.appeal_id
    )


async def counts_by(session: AsyncSession, dimension: Dimension, period: Period) -> dict[str, int]:
    """Appeals per value of one dimension; an appeal counts once per author category."""
    if dimension == "author_category":
        query = (
            select(author_category.c.category_code, func.count())
            .select_from(
                author_category.join(deadline, deadline.c.appeal_id == author_category.c.appeal_id)
            )
            .where(_in_period(period))
            .group_by(author_category.c.category_code)
        )
    else:
        column = DIMENSION_COLUMNS[dimension]
        query = select(column, func.count()).where(_in_period(period)).group_by(column)
    return {
        (row[0] if row[0] is not None else UNKNOWN): int(row[1])
        for row in (await session.execute(query)).all()
    }


def trend(current: int, previous: int) -> dict[str, Any]:
    """Change against the previous period; the percentage is absent when it had none."""
    change = current - previous
    return {
        "count": current,
        "previous": previous,
        "change": change,
        "change_percent": round(100.0 * change / previous, 1) if previous else None,
    }


async def content_breakdown(
    session: AsyncSession, dimension: Dimension, period: Period
) -> list[dict[str, Any]]:
    current = await counts_by(session, dimension, period)
    previous = await counts_by(session, dimension, period.previous())
    rows = [
        {"value": value, **trend(current.get(value, 0), previous.get(value, 0))}
        for value in set(current) | set(previous)
    ]
    rows.sort(key=lambda row: (-row["count"], row["value"]))
    return rows


async def top_problems(session: AsyncSession, period: Period, limit: int) -> list[dict[str, Any]]:
    """The (topic, territory) pairs with the most appeals, with their trend."""

    async def pairs(span: Period) -> dict[tuple[str, str], int]:
        query = (
            select(deadline.c.topic_code, deadline.c.territory_code, func.count())
            .where(_in_period(span), deadline.c.topic_code.is_not(None))
            .group_by(deadline.c.topic_code, deadline.c.territory_code)
        )
        return {
            (row[0], row[1] or UNKNOWN): int(row[2]) for row in (await session.execute(query)).all()
        }

    current = await pairs(period)
    previous = await pairs(period.previous())
    ranked = sorted(current.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [
        {
            "topic_code": topic,
            "territory_code": territory,
            **trend(count, previous.get((topic, territory), 0)),
        }
        for (topic, territory), count in ranked
    ]


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def bucket_starts(period: Period, bucket: Bucket) -> list[date]:
    starts: list[date] = []
    day = period.first
    while day <= period.last:
        start = bucket_start(day, bucket)
        if not starts or starts[-1] != start:
            starts.append(start)
        day += timedelta(days=1)
    return starts


async def series(
    session: AsyncSession, dimension: Dimension, period: Period, bucket: Bucket, top: int
) -> dict[str, Any]:
    """Counts per bucket for the ``top`` largest values of a dimension: ready to plot."""
    if dimension == "author_category":
        value_column: ColumnElement[Any] = author_category.c.category_code
        source: Any = author_category.join(
            deadline, deadline.c.appeal_id == author_category.c.appeal_id
        )
    else:
        value_column = DIMENSION_COLUMNS[dimension]
        source = deadline
    query = (
        select(deadline.c.received_on, value_column, func.count())
        .select_from(source)
        .where(_in_period(period))
        .group_by(deadline.c.received_on, value_column)
    )
    starts = bucket_starts(period, bucket)
    index = {start: position for position, start in enumerate(starts)}
    values: dict[str, list[int]] = defaultdict(lambda: [0] * len(starts))
    for day, value, count in (await session.execute(query)).all():
        values[value if value is not None else UNKNOWN][index[bucket_start(day, bucket)]] += int(
            count
        )
    largest = sorted(values.items(), key=lambda item: (-sum(item[1]), item[0]))[:top]
    return {
        "dimension": dimension,
        "bucket": bucket,
        "x": [start.isoformat() for start in starts],
        "series": [{"name": name, "values": counts} for name, counts in largest],
    }


async def classifier_sections(session: AsyncSession, period: Period) -> list[dict[str, Any]]:
    """The periodic report for the oblast administration, by the classifier's sections."""
    classifier = load_classifier()
    channels = await counts_by(session, "channel", period)
    tallies: dict[str, Counter[str]] = {
        "form_of_receipt": Counter(),
        "type": Counter(),
    }
    for channel, count in channels.items():
        tallies["form_of_receipt"][FORM_OF_RECEIPT_BY_CHANNEL.get(channel, UNKNOWN)] += count
        tallies["type"][TYPE_BY_CHANNEL.get(channel, UNKNOWN)] += count
    subjects = (
        await session.execute(
            select(deadline.c.anonymous, func.count())
            .where(_in_period(period))
            .group_by(deadline.c.anonymous)
        )
    ).all()
    tallies["subject"] = Counter(
        {("5.3" if anonymous else "5.1"): int(count) for anonymous, count in subjects}
    )
    by_key = {
        "sign": await counts_by(session, "sign", period),
        "kind": await counts_by(session, "kind", period),
        "sex": await counts_by(session, "sex", period),
        "social_status": await counts_by(session, "social_status", period),
    }
    rows: list[dict[str, Any]] = []
    for dimension in classifier.dimensions:
        if dimension.key in tallies:
            counted = tallies[dimension.key]
        elif dimension.key in by_key:
            keyed = by_key[dimension.key]
            counted = Counter(
                {
                    value.code: keyed.get(value.key or value.code, 0) + keyed.get(value.code, 0)
                    for value in dimension.values
                }
            )
        elif dimension.key == "author_category":
            counted = Counter(await counts_by(session, "author_category", period))
        else:
            counted = Counter(await counts_by(session, "topic", period))
        for value in dimension.values:
            rows.append(
                {
                    "section": dimension.section,
                    "section_name": dimension.name_uk,
                    "code": value.code,
                    "name": value.name_uk,
                    "count": counted.get(value.code, 0),
                }
            )
    return rows


REPORT_COLUMNS: Final = ("section", "section_name", "code", "name", "count")


def rows_as_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_as_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SMALL_COUNT: Final = 5


def suppressed(count: int) -> int | str:
    """Counts under five could point at a person, so the public sees "<5" instead."""
    return count if count >= SMALL_COUNT else f"<{SMALL_COUNT}"


async def public_topics(session: AsyncSession, period: Period, limit: int) -> list[dict[str, Any]]:
    """Topical issues for the portal: topics only, largest first, small counts hidden."""
    classifier = load_classifier()
    counts = await counts_by(session, "topic", period)
    ranked = sorted(
        ((code, count) for code, count in counts.items() if code != UNKNOWN),
        key=lambda item: (-item[1], item[0]),
    )[:limit]
    names = {value.code: value.name_uk for value in classifier.values("topic")}
    return [
        {"topic_code": code, "topic": names.get(code, code), "appeals": suppressed(count)}
        for code, count in ranked
    ]
