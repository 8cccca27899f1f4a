"""Monitoring's HTTP API: deadlines, work calendar, discipline, content, hot spots, reports."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from monitoring.config import MonitoringSettings
from monitoring.discipline import METRICS, Metric, measure, score
from monitoring.hotspot_watch import move_problem
from monitoring.models import deadline, hotspot_problem, work_calendar_day
from monitoring.ratelimit import SlidingWindowLimiter
from monitoring.reports import (
    REPORT_COLUMNS,
    Bucket,
    Dimension,
    Period,
    classifier_sections,
    cohort_facts,
    content_breakdown,
    members,
    public_topics,
    redirect_counts,
    redirected_appeals,
    rows_as_csv,
    rows_as_xlsx,
    series,
    top_problems,
)
from shared.auth import Principal, Role, require
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.deadlines import days_left, is_overdue, kyiv_date
from shared.errors import Forbidden, InvalidInput
from shared.service import runtime_of

router = APIRouter(tags=["monitoring"])

MAX_PERIOD_DAYS = 366
SCORE_FORMULA = (
    "score = 100 × Σ weight × rate, over the rates that can be judged, weights rescaled "
    "to sum to 1 (docs/monitoring.md)"
)
DEFAULT_PERIOD_DAYS = 30
STAFF = (Role.OPERATOR, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM, Role.BODY_OFFICER)
CENTRE_ROLES = frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM, Role.ADMIN})
Viewer = Annotated[Principal, require(*STAFF)]
Analyst = Annotated[Principal, require(Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM)]
DisciplineViewer = Annotated[
    Principal, require(Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM, Role.BODY_OFFICER)
]
Supervisor = Annotated[Principal, require(Role.SUPERVISOR)]
Admin = Annotated[Principal, require(Role.ADMIN)]


def _settings(request: Request) -> MonitoringSettings:
    settings: MonitoringSettings = request.app.state.settings
    return settings


def _own_body_only(principal: Principal) -> str | None:
    """A body officer sees its own body only; staff of the centre see every body."""
    if principal.has_any(CENTRE_ROLES):
        return None
    if not principal.body_code:
        raise Forbidden("This account is not linked to a body.")
    return principal.body_code


def _period(first: date | None, last: date | None, now: datetime) -> Period:
    last = last or kyiv_date(now)
    first = first or last - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if last < first:
        raise InvalidInput(
            "The period ends before it starts.",
            errors=[{"field": "to", "message": "must not be before 'from'"}],
        )
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(
            f"A period covers at most {MAX_PERIOD_DAYS} days.",
            errors=[{"field": "from", "message": f"at most {MAX_PERIOD_DAYS} days before 'to'"}],
        )
    return Period(first, last)


FromDay = Annotated[date | None, Query(alias="from", description="First Kyiv day of receipt")]
ToDay = Annotated[date | None, Query(alias="to", description="Last Kyiv day of receipt")]


# --- deadline book -----------------------------------------------------------------------


class DeadlineOut(BaseModel):
    appeal_id: uuid.UUID
    registration_number: str | None
    body_code: str | None
    status: str
    received_on: date
    due_date: date
    ceiling_date: date | None
    forward_by: date | None
    return_by: date | None
    extensions: int
    overdue: bool
    days_left: int


@router.get(
    "/deadlines",
    response_model=list[DeadlineOut],
    summary="Appeals awaiting an answer, soonest due first (cursor in the Next-Cursor header)",
)
async def open_deadlines(
    request: Request,
    response: Response,
    principal: Viewer,
    body_code: str | None = None,
    overdue_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Annotated[str | None, Query(max_length=80)] = None,
) -> list[DeadlineOut]:
    body_code = _own_body_only(principal) or body_code
    now = datetime.now(UTC)
    query = select(deadline).where(deadline.c.closed.is_(False))
    if body_code:
        query = query.where(deadline.c.body_code == body_code)
    if overdue_only:
        query = query.where(deadline.c.due_date < kyiv_date(now))
    if cursor:
        after_due, after_id = _decode_deadline_cursor(cursor)
        query = query.where(
            (deadline.c.due_date > after_due)
            | ((deadline.c.due_date == after_due) & (deadline.c.appeal_id > after_id))
        )
    query = query.order_by(deadline.c.due_date, deadline.c.appeal_id).limit(limit)
    async with runtime_of(request).sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    if len(rows) == limit:
        last = rows[-1]
        response.headers["Next-Cursor"] = f"{last['due_date'].isoformat()}_{last['appeal_id']}"
    return [
        DeadlineOut(
            **{key: row[key] for key in DeadlineOut.model_fields if key in row},
            overdue=is_overdue(row["due_date"], now, closed=False),
            days_left=days_left(row["due_date"], now),
        )
        for row in rows
    ]


def _decode_deadline_cursor(cursor: str) -> tuple[date, uuid.UUID]:
    try:
        due, appeal_id = cursor.split("_", 1)
        return date.fromisoformat(due), uuid.UUID(appeal_id)
    except ValueError as error:
        raise InvalidInput(
            "The cursor is not one this API gave out.",
            errors=[{"field": "cursor", "message": "unknown cursor"}],
        ) from error


# --- work calendar -----------------------------------------------------------------------


class CalendarDayIn(BaseModel):
    working: bool = Field(
        description="false: a holiday or other non-working day; true: a working day "
        "even though it is a weekend or a holiday (e.g. under martial law)"
    )
    note: str | None = Field(default=None, max_length=200)


class CalendarDayOut(CalendarDayIn):
    day: date
    updated_by: str
    updated_at: datetime


@router.get(
    "/calendar", response_model=list[CalendarDayOut], summary="Listed days of the work calendar"
)
async def calendar_days(
    request: Request,
    _principal: Viewer,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> list[CalendarDayOut]:
    async with runtime_of(request).sessionmaker() as session:
        rows = (
            (
                await session.execute(
                    select(work_calendar_day)
                    .where(work_calendar_day.c.day.between(date(year, 1, 1), date(year, 12, 31)))
                    .order_by(work_calendar_day.c.day)
                )
            )
            .mappings()
            .all()
        )
    return [CalendarDayOut.model_validate(dict(row)) for row in rows]


@router.put("/calendar/{day}", response_model=CalendarDayOut, summary="Set one day of the calendar")
async def set_calendar_day(
    request: Request,
    principal: Admin,
    day: Annotated[date, Path()],
    entry: Annotated[CalendarDayIn, Body()],
) -> CalendarDayOut:
    """Applies to due dates computed from now on; dates already set stay as the law fixed them."""
    now = datetime.now(UTC)
    values = {
        "working": entry.working,
        "note": entry.note,
        "updated_by": principal.subject,
        "updated_at": now,
    }
    async with runtime_of(request).transaction() as session:
        inserted = await session.execute(
            insert_ignoring_duplicates(work_calendar_day, dialect_of(session))
            .values(day=day, **values)
            .returning(work_calendar_day.c.day)
        )
        if inserted.first() is None:
            await session.execute(
                work_calendar_day.update().where(work_calendar_day.c.day == day).values(**values)
            )
    return CalendarDayOut(
        day=day,
        working=entry.working,
        note=entry.note,
        updated_by=principal.subject,
        updated_at=now,
    )


@router.delete(
    "/calendar/{day}", status_code=204, summary="Forget a day: weekday rules apply again"
)
async def delete_calendar_day(
    request: Request, _principal: Admin, day: Annotated[date, Path()]
) -> Response:
    async with runtime_of(request).transaction() as session:
        await session.execute(work_calendar_day.delete().where(work_calendar_day.c.day == day))
    return Response(status_code=204)


# --- executive discipline ------------------------------------------------------------------


def _discipline_entry(
    body_code: str, facts: list[Any], redirected: int, today: date
) -> dict[str, Any]:
    parts = measure(facts, redirected, today)
    judged = score(parts)
    return {
        "body_code": body_code,
        "score": judged.value,
        "score_rates": judged.rates,
        "score_weights": judged.weights,
        "parts": parts.__dict__,
    }


@router.get("/discipline", summary="Executive discipline of every body (or one) in a period")
async def discipline(
    request: Request,
    principal: DisciplineViewer,
    first: FromDay = None,
    last: ToDay = None,
    body_code: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    now = datetime.now(UTC)
    period = _period(first, last, now)
    body_code = _own_body_only(principal) or body_code
    async with runtime_of(request).sessionmaker() as session:
        cohorts = await cohort_facts(session, period, body_code)
        redirects = await redirect_counts(session, period, body_code)
    today = kyiv_date(now)
    bodies = sorted({code for code in cohorts if code} | set(redirects))
    entries = [
        _discipline_entry(code, cohorts.get(code, []), redirects.get(code, 0), today)
        for code in bodies
    ]
    entries.sort(
        key=lambda entry: (entry["score"] is None, -(entry["score"] or 0.0), entry["body_code"])
    )
    return {
        "from": period.first,
        "to": period.last,
        "as_of": today,
        "formula": SCORE_FORMULA,
        "bodies": entries,
    }


class AppealRef(BaseModel):
    appeal_id: uuid.UUID
    registration_number: str | None


class AppealRefPage(BaseModel):
    items: list[AppealRef]
    next_cursor: str | None


DrillMetric = Literal[
    "received",
    "answered",
    "answered_on_time",
    "overdue_open",
    "overdue_answered",
    "extended",
    "redirected",
    "returned_for_rework",
    "repeated",
    "rated",
    "satisfied",
]


@router.get(
    "/discipline/{body_code}/appeals",
    response_model=AppealRefPage,
    summary="The appeals behind one number of the discipline report (ids and numbers only)",
)
async def discipline_drill_down(
    request: Request,
    principal: DisciplineViewer,
    body_code: Annotated[str, Path(max_length=80)],
    metric: DrillMetric,
    first: FromDay = None,
    last: ToDay = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
) -> AppealRefPage:
    own = _own_body_only(principal)
    if own is not None and own != body_code:
        raise Forbidden("A body officer sees the appeals of its own body only.")
    now = datetime.now(UTC)
    period = _period(first, last, now)
    async with runtime_of(request).sessionmaker() as session:
        if metric == "redirected":
            refs = sorted(await redirected_appeals(session, period, body_code))
        else:
            assert metric in METRICS
            cohort = (await cohort_facts(session, period, body_code)).get(body_code, [])
            chosen: Metric = metric
            refs = [
                (item.appeal_id, item.registration_number)
                for item in members(cohort, chosen, kyiv_date(now))
            ]
    if cursor is not None:
        refs = [ref for ref in refs if ref[0] > cursor]
    page = refs[:limit]
    return AppealRefPage(
        items=[
            AppealRef(appeal_id=appeal_id, registration_number=number) for appeal_id, number in page
        ],
        next_cursor=str(page[-1][0]) if len(refs) > limit else None,
    )


# --- content analysis ------------------------------------------------------------------------


@router.get(
    "/reports/content",
    summary="Appeals by one dimension, with the trend against the previous period",
)
async def content_report(
    request: Request,
    _principal: Analyst,
    dimension: Dimension = "topic",
    first: FromDay = None,
    last: ToDay = None,
) -> dict[str, Any]:
    period = _period(first, last, datetime.now(UTC))
    async with runtime_of(request).sessionmaker() as session:
        rows = await content_breakdown(session, dimension, period)
    previous = period.previous()
    return {
        "dimension": dimension,
        "from": period.first,
        "to": period.last,
        "previous": {"from": previous.first, "to": previous.last},
        "rows": rows,
    }


@router.get("/reports/top-problems", summary="Topic and territory pairs with the most appeals")
async def top_problems_report(
    request: Request,
    _principal: Analyst,
    first: FromDay = None,
    last: ToDay = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    period = _period(first, last, datetime.now(UTC))
    async with runtime_of(request).sessionmaker() as session:
        rows = await top_problems(session, period, limit)
    return {"from": period.first, "to": period.last, "rows": rows}


@router.get("/reports/series", summary="Ready-to-plot counts per day, week or month")
async def series_report(
    request: Request,
    _principal: Analyst,
    dimension: Dimension = "topic",
    bucket: Bucket = "week",
    first: FromDay = None,
    last: ToDay = None,
    top: Annotated[int, Query(ge=1, le=30)] = 8,
) -> dict[str, Any]:
    period = _period(first, last, datetime.now(UTC))
    async with runtime_of(request).sessionmaker() as session:
        return await series(session, dimension, period, bucket, top)


@router.get(
    "/reports/sections",
    summary="Periodic report by the classifier's sections (JSON, CSV or XLSX)",
    response_model=None,
)
async def sections_report(
    request: Request,
    _principal: Analyst,
    first: FromDay = None,
    last: ToDay = None,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> dict[str, Any] | Response:
    period = _period(first, last, datetime.now(UTC))
    async with runtime_of(request).sessionmaker() as session:
        rows = await classifier_sections(session, period)
    name = f"appeals-by-section-{period.first}-{period.last}"
    if format == "csv":
        return Response(
            rows_as_csv(rows, REPORT_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "xlsx":
        return Response(
            rows_as_xlsx(rows, REPORT_COLUMNS, "Звернення за розділами"),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return {"from": period.first, "to": period.last, "rows": rows}


# --- hot spots ---------------------------------------------------------------------------------


class ProblemOut(BaseModel):
    id: uuid.UUID
    topic_code: str
    territory_code: str
    first_day: date
    last_day: date
    observed: int
    expected: float
    p_value: float
    window_days: int
    appeal_ids: list[uuid.UUID]
    status: str
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    closed_at: datetime | None
    closed_by: str | None
    note: str | None


@router.get("/hotspots", response_model=list[ProblemOut], summary="Hot-spot problems, newest first")
async def hotspots(
    request: Request,
    _principal: Annotated[
        Principal, require(Role.OPERATOR, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM)
    ],
    status: Literal["open", "acknowledged", "closed", "unclosed"] = "unclosed",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ProblemOut]:
    query = select(hotspot_problem)
    if status == "unclosed":
        query = query.where(hotspot_problem.c.status != "closed")
    else:
        query = query.where(hotspot_problem.c.status == status)
    query = query.order_by(hotspot_problem.c.opened_at.desc(), hotspot_problem.c.id).limit(limit)
    async with runtime_of(request).sessionmaker() as session:
        rows = (await session.execute(query)).mappings().all()
    return [ProblemOut.model_validate(dict(row)) for row in rows]


class ProblemNote(BaseModel):
    note: str | None = Field(default=None, max_length=1000)


async def _move(
    request: Request,
    problem_id: uuid.UUID,
    target: Literal["acknowledged", "closed"],
    actor: str,
    note: str | None,
) -> ProblemOut:
    async with runtime_of(request).transaction() as session:
        await move_problem(session, problem_id, target, actor, datetime.now(UTC), note)
        row = (
            (
                await session.execute(
                    select(hotspot_problem).where(hotspot_problem.c.id == problem_id)
                )
            )
            .mappings()
            .one()
        )
    return ProblemOut.model_validate(dict(row))


@router.post(
    "/hotspots/{problem_id}/acknowledge",
    response_model=ProblemOut,
    summary="A supervisor takes the problem on",
)
async def acknowledge_problem(
    request: Request, principal: Supervisor, problem_id: uuid.UUID, body: ProblemNote | None = None
) -> ProblemOut:
    return await _move(
        request, problem_id, "acknowledged", principal.subject, body.note if body else None
    )


@router.post(
    "/hotspots/{problem_id}/close", response_model=ProblemOut, summary="The problem is dealt with"
)
async def close_problem(
    request: Request, principal: Supervisor, problem_id: uuid.UUID, body: ProblemNote | None = None
) -> ProblemOut:
    return await _move(
        request, problem_id, "closed", principal.subject, body.note if body else None
    )


# --- public ------------------------------------------------------------------------------------

public_router = APIRouter(tags=["public"])


def _limiter(request: Request) -> SlidingWindowLimiter:
    state = request.app.state
    limiter: SlidingWindowLimiter | None = getattr(state, "public_limiter", None)
    if limiter is None:
        limiter = SlidingWindowLimiter(_settings(request).public_requests_per_minute)
        state.public_limiter = limiter
    return limiter


@public_router.get(
    "/public/topical-issues",
    summary='Topical issues for the portal: appeals per topic, small counts shown as "<5"',
)
async def topical_issues(
    request: Request,
    days: Annotated[int, Query(ge=7, le=90)] = 30,
    limit: Annotated[int, Query(ge=1, le=25)] = 10,
) -> dict[str, Any]:
    _limiter(request).check(request.client.host if request.client else "unknown")
    today = kyiv_date(datetime.now(UTC))
    period = Period(today - timedelta(days=days - 1), today)
    async with runtime_of(request).sessionmaker() as session:
        topics = await public_topics(session, period, limit)
    return {"from": period.first, "to": period.last, "topics": topics}
