"""Lists, full-text search and applicant history over the registry (read side).

PostgreSQL searches the stored `search_vector` ('simple' configuration, so Ukrainian and
Russian are tokenised alike) with prefix terms standing in for a stemmer; SQLite, used in
the embedded mode, falls back to LIKE. Lists page by a keyset cursor, so a page never
skips or repeats a row while new appeals arrive.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, false, func, literal_column, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from registry.lifecycle import OPEN_STATUSES
from registry.matching import name_key, names_compatible, normalize_email, normalize_phone
from registry.models import SEARCH_VECTOR, appeal
from shared.deadlines import KYIV, kyiv_date
from shared.errors import InvalidInput

Sort = Literal["received_desc", "received_asc", "due_asc", "due_desc"]
MAX_QUERY_WORDS = 8
_WORD = re.compile(r"\w+")
_REGISTRATION_NUMBER = re.compile(r"^[A-Z]{1,4}-\d{4}-\d{6}$", re.IGNORECASE)

SUMMARY_COLUMNS = (
    appeal.c.id,
    appeal.c.registration_number,
    appeal.c.status,
    appeal.c.outcome,
    appeal.c.channel,
    appeal.c.kind,
    appeal.c.sign,
    appeal.c.priority,
    appeal.c.topic_code,
    appeal.c.body_code,
    appeal.c.raion,
    appeal.c.hromada,
    appeal.c.due_date,
    appeal.c.received_at,
    appeal.c.confidential,
    appeal.c.applicant["full_name"].as_string().label("applicant_name"),
)


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed by; every field is optional and they combine with AND."""

    q: str | None = None
    statuses: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    body_code: str | None = None
    raion: str | None = None
    hromada: str | None = None
    sign: str | None = None
    priority: bool | None = None
    overdue: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    body_scope: str | None = None  # a body officer sees its own body's appeals only

    def describe(self) -> str:
        """The filters as the audit log records them."""
        shown = {k: v for k, v in self.__dict__.items() if v not in (None, ())}
        return json.dumps(shown, ensure_ascii=False, default=str, sort_keys=True)


def search_terms(q: str) -> list[str]:
    """Query words as prefixes: endings carry case and number in both languages.

    "води" finds "вода" and "водопостачання"; the price is some extra recall.
    """
    terms = []
    for word in _WORD.findall(q.casefold())[:MAX_QUERY_WORDS]:
        if len(word) > 5:
            word = word[:-2]
        elif len(word) > 3:
            word = word[:-1]
        terms.append(word)
    return terms


def _text_condition(dialect: str, q: str) -> ColumnElement[bool]:
    stripped = q.strip()
    if _REGISTRATION_NUMBER.fullmatch(stripped):
        return appeal.c.registration_number == stripped.upper()
    terms = search_terms(stripped)
    if not terms:
        return true()
    if dialect == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        tsquery = func.to_tsquery(literal_column("'simple'"), query)
        return literal_column(SEARCH_VECTOR).op("@@")(tsquery)
    # SQLite's LIKE folds ASCII only: try the usual Cyrillic casings of each term.
    return and_(
        *(
            or_(*(appeal.c.text.like(f"%{form}%") for form in {term, term.capitalize()}))
            for term in terms
        )
    )


def today_kyiv() -> date:
    return kyiv_date(datetime.now(UTC))


def _is_open() -> ColumnElement[bool]:
    """Inline literals (not parameters), so PostgreSQL matches the partial index on them."""
    return appeal.c.status.in_([literal_column(f"'{s}'") for s in sorted(OPEN_STATUSES)])


def overdue_condition(today: date) -> ColumnElement[bool]:
    return and_(appeal.c.due_date < today, _is_open())


def not_overdue_condition(today: date) -> ColumnElement[bool]:
    """The complement of `overdue_condition`, spelled out so that a missing due date counts."""
    return or_(
        appeal.c.due_date.is_(None),
        appeal.c.due_date >= today,
        appeal.c.status.not_in(sorted(OPEN_STATUSES)),
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=KYIV)


def apply_filters(query: Select[Any], filters: Filters, dialect: str) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        conditions.append(_text_condition(dialect, filters.q))
    for column, values in (
        (appeal.c.status, filters.statuses),
        (appeal.c.outcome, filters.outcomes),
        (appeal.c.topic_code, filters.topics),
        (appeal.c.channel, filters.channels),
    ):
        if values:
            conditions.append(column.in_(values))
    for column, value in (
        (appeal.c.body_code, filters.body_code),
        (appeal.c.raion, filters.raion),
        (appeal.c.hromada, filters.hromada),
        (appeal.c.sign, filters.sign),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.body_scope is not None:
        conditions.append(appeal.c.body_code == filters.body_scope)
    if filters.priority is not None:
        conditions.append(appeal.c.priority.is_(filters.priority))
    if filters.overdue is not None:
        today = today_kyiv()
        conditions.append(
            overdue_condition(today) if filters.overdue else not_overdue_condition(today)
        )
    if filters.received_from is not None:
        conditions.append(appeal.c.received_at >= _start_of(filters.received_from))
    if filters.received_to is not None:
        conditions.append(appeal.c.received_at < _start_of(filters.received_to + timedelta(1)))
    return query.where(*conditions) if conditions else query


# ---------------------------------------------------------------------------- cursors


def encode_cursor(sort: Sort, row: Any) -> str:
    key = row.due_date.isoformat() if sort.startswith("due") else row.received_at.isoformat()
    raw = json.dumps([sort, key, str(row.id)])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _bad_cursor() -> InvalidInput:
    return InvalidInput(
        "The cursor is not valid.", errors=[{"field": "cursor", "message": "invalid cursor"}]
    )


def _after_cursor(sort: Sort, cursor: str) -> ColumnElement[bool]:
    try:
        cursor_sort, key, last = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        last_id = uuid.UUID(last)
        value: date | datetime = (
            date.fromisoformat(key) if sort.startswith("due") else datetime.fromisoformat(key)
        )
    except (ValueError, TypeError) as error:
        raise _bad_cursor() from error
    if cursor_sort != sort:
        raise _bad_cursor()
    column = appeal.c.due_date if sort.startswith("due") else appeal.c.received_at
    if sort.endswith("desc"):
        return or_(column < value, and_(column == value, appeal.c.id < last_id))
    return or_(column > value, and_(column == value, appeal.c.id > last_id))


def page_query(
    filters: Filters, dialect: str, *, sort: Sort, cursor: str | None, limit: int
) -> Select[Any]:
    """One page of summaries in a stable order (the id breaks ties)."""
    query = apply_filters(select(*SUMMARY_COLUMNS), filters, dialect)
    column = appeal.c.due_date if sort.startswith("due") else appeal.c.received_at
    if sort.startswith("due"):
        query = query.where(appeal.c.due_date.is_not(None))
    if cursor:
        query = query.where(_after_cursor(sort, cursor))
    if sort.endswith("desc"):
        query = query.order_by(column.desc(), appeal.c.id.desc())
    else:
        query = query.order_by(column.asc(), appeal.c.id.asc())
    return query.limit(limit)


NameVisibility = Literal["all", "unless_confidential", "none"]


def summary(row: Any, *, today: date, names: NameVisibility) -> dict[str, Any]:
    """A list line; the applicant's name only where the reader may see identities."""
    values = dict(row._mapping)
    confidential = values.pop("confidential")
    if names == "none" or (names == "unless_confidential" and confidential):
        values["applicant_name"] = None
    values["overdue"] = bool(
        values["due_date"] is not None
        and values["due_date"] < today
        and values["status"] in OPEN_STATUSES
    )
    return values


# ---------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryQuery:
    phone: str | None = None
    email: str | None = None
    name: str | None = None

    def keys(self) -> tuple[str | None, str | None, str | None]:
        phone = normalize_phone(self.phone) if self.phone else None
        email = normalize_email(self.email) if self.email else None
        key = name_key(self.name) if self.name else None
        if self.phone and phone is None:
            raise InvalidInput(
                "The phone number cannot be read.",
                errors=[{"field": "phone", "message": "not a phone number"}],
            )
        if self.email and email is None:
            raise InvalidInput(
                "The e-mail address cannot be read.",
                errors=[{"field": "email", "message": "not an e-mail address"}],
            )
        if self.name and (key is None or len(key.split()) < 2):
            raise InvalidInput(
                "Give at least a surname and a first name.",
                errors=[{"field": "name", "message": "at least two words"}],
            )
        if not (phone or email or key):
            raise InvalidInput(
                "Give a phone, an e-mail or a name.",
                errors=[{"field": "phone", "message": "one of phone, email, name is required"}],
            )
        return phone, email, key


async def applicant_history(
    session: AsyncSession, query: HistoryQuery, *, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Earlier appeals of one applicant by phone, e-mail or name, newest first.

    A name matches loosely (`names_compatible`: "Іван Коваленко" finds "Коваленко Іван
    Петрович"), through a trigram index on PostgreSQL, then is checked word by word.
    """
    phone, email, key = query.keys()
    conditions: list[ColumnElement[bool]] = []
    if phone:
        conditions.append(appeal.c.phone_key == phone)
    if email:
        conditions.append(appeal.c.email_key == email)
    if key:
        conditions.append(
            and_(*(appeal.c.name_key.contains(word, autoescape=True) for word in key.split()))
        )
    # Loose name matches are checked after the query, so fetch some to spare.
    fetched = limit * 4 if key else limit + 1
    rows = (
        await session.execute(
            select(*SUMMARY_COLUMNS, appeal.c.phone_key, appeal.c.email_key, appeal.c.name_key)
            .where(or_(*conditions) if conditions else false())
            .order_by(appeal.c.received_at.desc(), appeal.c.id.desc())
            .limit(fetched)
        )
    ).all()
    today = today_kyiv()
    items: list[dict[str, Any]] = []
    for row in rows:
        matched = [
            basis
            for basis, hit in (
                ("phone", phone is not None and row.phone_key == phone),
                ("email", email is not None and row.email_key == email),
                ("name", key is not None and names_compatible(key, row.name_key or "")),
            )
            if hit
        ]
        if not matched:
            continue
        item = summary(row, today=today, names="all")
        for extra in ("phone_key", "email_key", "name_key"):
            item.pop(extra, None)
        items.append({**item, "matched_on": matched})
    return items[:limit], len(items) > limit or len(rows) == fetched
