"""In-memory state of the simulated UCC: appeals, their updates and the assignment feed.

Every method is synchronous and runs on the server's event loop between awaits, so no
lock is needed. Idempotency lives here, as it would in the real UCC: the same regional id
pushed twice is one appeal, the same ``update_id`` twice is one update.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from exchange.ucc_contract import (
    AckResult,
    AppealAssignment,
    AppealCard,
    AppealKind,
    AppealListPage,
    AppealSubject,
    AppealUpdate,
    Applicant,
    Assignment,
    AssignmentPage,
    CallbackResultAssignment,
    InfoRequestAssignment,
    LifecycleStatus,
    Outcome,
    PushResult,
    ReworkAssignment,
    Satisfaction,
    UccAppealSummary,
    UpdateResult,
)

KYIV = ZoneInfo("Europe/Kyiv")
DEFAULT_REGION = "dnipropetrovsk"
ASSIGNED_STATUS = ("Зареєстровано", "Направлено до регіонального контактного центру")
REWORK_STATUS = ("На доопрацюванні", "Відповідь повернуто на доопрацювання")

# The real UCC status names are not public (domain B §2.4); these pairs are the
# simulator's own, modelled on the Kyiv 1551 states and results (domain B §3.1).
_STATUS_PAIRS: dict[LifecycleStatus, tuple[str, str | None]] = {
    LifecycleStatus.RECEIVED: ("Зареєстровано", "Отримано від регіонального центру"),
    LifecycleStatus.REGISTERED: ("Зареєстровано", "Отримано від регіонального центру"),
    LifecycleStatus.RESOLVED_ON_CONTACT: ("Закрито", "Роз'яснено під час звернення"),
    LifecycleStatus.ROUTED: ("В роботі", "Направлено виконавцю"),
    LifecycleStatus.IN_WORK: ("В роботі", "Розглядається виконавцем"),
    LifecycleStatus.EXTENDED: ("В роботі", "Термін розгляду продовжено"),
    LifecycleStatus.ANSWERED: ("На перевірці", "Надано відповідь"),
    LifecycleStatus.ON_CHECK: ("На перевірці", "Перевіряється"),
    LifecycleStatus.RETURNED_FOR_REWORK: REWORK_STATUS,
    LifecycleStatus.CLOSED: ("Закрито", None),
    LifecycleStatus.RETURNED_TO_APPLICANT: ("Закрито", "Повернуто заявнику"),
    LifecycleStatus.FORWARDED: ("Закрито", "Надіслано за належністю"),
    LifecycleStatus.NOT_CONSIDERED: ("Закрито", "Не підлягає розгляду"),
    LifecycleStatus.REDIRECTED: ("В роботі", "Переадресовано"),
}
_OUTCOME_SUB_STATUS: dict[Outcome, str] = {
    Outcome.RESOLVED_POSITIVELY: "Виконано",
    Outcome.EXPLAINED: "Роз'яснено",
    Outcome.REFUSED: "Відмовлено",
    Outcome.NOT_IN_COMPETENCE: "Не в компетенції",
    Outcome.CANNOT_DO_THIS_PERIOD: "Неможливо виконати в даний період",
    Outcome.CANCELLED: "Відмінено",
}


def ucc_status_for(status: LifecycleStatus, outcome: Outcome | None) -> tuple[str, str | None]:
    """Map a regional status (and outcome, once closed) to the simulator's UCC pair."""
    ucc_status, sub_status = _STATUS_PAIRS[status]
    if status is LifecycleStatus.CLOSED and outcome is not None:
        sub_status = _OUTCOME_SUB_STATUS[outcome]
    return ucc_status, sub_status


class SimulatorError(Exception):
    """A refusal the simulator answers with problem+json."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


def _not_found(detail: str) -> SimulatorError:
    return SimulatorError(404, "Not Found", detail)


def _parse_cursor(cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    if not cursor.isdigit():
        raise SimulatorError(400, "Bad Request", f"Cursor {cursor!r} was not issued here.")
    return int(cursor)


@dataclass
class _StoredUpdate:
    update: AppealUpdate
    result: UpdateResult


@dataclass
class _Record:
    seq: int
    ucc_number: str
    region: str
    origin: Literal["region", "ucc_1545"]
    ucc_status: str
    ucc_sub_status: str | None
    created_at: datetime
    updated_at: datetime
    regional_id: str | None = None
    card: AppealCard | None = None
    status: LifecycleStatus | None = None
    outcome: Outcome | None = None
    due_date: date | None = None
    accepted_at: datetime | None = None
    last_occurred_at: datetime | None = None
    put_count: int = 0
    update_requests: int = 0
    updates: dict[UUID, _StoredUpdate] = field(default_factory=dict)


@dataclass
class _FeedEntry:
    seq: int
    region: str
    item: Assignment
    acknowledged: bool = False


class SimAssignmentRequest(BaseModel):
    """An appeal taken by the 1545 line and assigned to a region."""

    model_config = ConfigDict(extra="forbid")

    region: str = DEFAULT_REGION
    applicant: Applicant = Field(default_factory=lambda: Applicant(name="Петренко Олена Іванівна"))
    confidential: bool = False
    appeal_kind: AppealKind = AppealKind.APPLICATION
    subject: AppealSubject = AppealSubject.INDIVIDUAL
    topic_code: str = "015"
    text: str = "Прошу полагодити вуличне освітлення на вулиці Центральній."
    received_at: datetime | None = None
    due_date: date | None = None
    needs_callback: bool = False
    ucc_status: str = ASSIGNED_STATUS[0]
    ucc_sub_status: str | None = ASSIGNED_STATUS[1]


class SimInfoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ucc_number: str
    question: str
    due_date: date


class SimCallbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ucc_number: str
    satisfied: Satisfaction
    comment: str | None = None
    called_at: datetime | None = None


class SimReworkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ucc_number: str
    reason: str
    due_date: date | None = None


class SimAppealView(BaseModel):
    """Everything the simulator holds about one appeal, with counters that prove effects."""

    ucc_number: str
    region: str
    origin: Literal["region", "ucc_1545"]
    regional_id: str | None
    ucc_status: str
    ucc_sub_status: str | None
    status: LifecycleStatus | None
    outcome: Outcome | None
    due_date: date | None
    accepted_at: datetime | None
    put_count: int
    update_requests: int
    distinct_updates: int
    applied_updates: int
    stale_updates: int
    card: AppealCard | None


class SimAppealsReport(BaseModel):
    appeals: list[SimAppealView]
    put_requests: int
    update_requests: int
    feed_items: int
    acknowledged_items: int


class SimulatorState:
    """The simulated UCC database; one instance per app."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self.reset()

    def reset(self) -> None:
        self._records: dict[str, _Record] = {}
        self._by_regional_id: dict[tuple[str, str], str] = {}
        self._feed: list[_FeedEntry] = []
        self._next_seq = 1
        self._numbers_per_year: dict[int, int] = {}

    def _take_seq(self) -> int:
        seq = self._next_seq
        self._next_seq += 1
        return seq

    def _new_number(self, at: datetime) -> str:
        year = at.astimezone(KYIV).year
        sequence = self._numbers_per_year.get(year, 0) + 1
        self._numbers_per_year[year] = sequence
        return f"UCC-{year}-{sequence:06d}"

    def _record(self, region: str, ucc_number: str) -> _Record:
        record = self._records.get(ucc_number)
        if record is None or record.region != region:
            raise _not_found(f"Appeal {ucc_number} is not known for region {region}.")
        return record

    def _record_by_regional_id(self, region: str, regional_id: str) -> _Record:
        number = self._by_regional_id.get((region, regional_id))
        if number is None:
            raise _not_found(f"Appeal {regional_id} was never pushed for region {region}.")
        return self._records[number]

    def _touch(self, record: _Record) -> None:
        record.seq = self._take_seq()
        record.updated_at = self._now()

    def push_appeal(self, region: str, regional_id: str, card: AppealCard) -> PushResult:
        if card.regional_id != regional_id:
            raise SimulatorError(
                422, "Unprocessable Content", "regional_id in the path and the card differ."
            )
        known_number = self._by_regional_id.get((region, regional_id))
        if known_number is None and card.ucc_number is not None:
            return self._link(region, card)
        if known_number is None:
            return self._create_from_card(region, card)
        record = self._records[known_number]
        record.put_count += 1
        if card.ucc_number is not None and card.ucc_number != record.ucc_number:
            raise SimulatorError(
                409, "Conflict", f"{regional_id} is already linked to {record.ucc_number}."
            )
        if record.card == card:
            return self._push_result(record, "unchanged")
        record.card = card
        record.due_date = card.due_date
        self._touch(record)
        return self._push_result(record, "updated")

    def _create_from_card(self, region: str, card: AppealCard) -> PushResult:
        now = self._now()
        ucc_status, sub_status = ucc_status_for(card.status, None)
        record = _Record(
            seq=self._take_seq(),
            ucc_number=self._new_number(now),
            region=region,
            origin="region",
            ucc_status=ucc_status,
            ucc_sub_status=sub_status,
            created_at=now,
            updated_at=now,
            regional_id=card.regional_id,
            card=card,
            status=card.status,
            due_date=card.due_date,
            put_count=1,
        )
        self._records[record.ucc_number] = record
        self._by_regional_id[(region, card.regional_id)] = record.ucc_number
        return self._push_result(record, "created")

    def _link(self, region: str, card: AppealCard) -> PushResult:
        assert card.ucc_number is not None
        record = self._record(region, card.ucc_number)
        if record.regional_id is not None:
            raise SimulatorError(
                409, "Conflict", f"{card.ucc_number} is already linked to {record.regional_id}."
            )
        record.regional_id = card.regional_id
        record.card = card
        record.put_count += 1
        if card.due_date is not None:
            record.due_date = card.due_date
        self._by_regional_id[(region, card.regional_id)] = record.ucc_number
        self._touch(record)
        return self._push_result(record, "updated")

    @staticmethod
    def _push_result(
        record: _Record, result: Literal["created", "updated", "unchanged"]
    ) -> PushResult:
        assert record.regional_id is not None
        return PushResult(
            regional_id=record.regional_id,
            ucc_number=record.ucc_number,
            result=result,
            ucc_status=record.ucc_status,
            ucc_sub_status=record.ucc_sub_status,
        )

    def apply_update(self, region: str, regional_id: str, update: AppealUpdate) -> UpdateResult:
        record = self._record_by_regional_id(region, regional_id)
        record.update_requests += 1
        seen = record.updates.get(update.update_id)
        if seen is not None:
            if seen.update != update:
                raise SimulatorError(
                    409, "Conflict", f"update_id {update.update_id} was used with another body."
                )
            return seen.result.model_copy(update={"replayed": True})
        stale = record.last_occurred_at is not None and update.occurred_at < record.last_occurred_at
        if not stale:
            record.status = update.status
            record.outcome = update.outcome
            record.ucc_status, record.ucc_sub_status = ucc_status_for(update.status, update.outcome)
            record.last_occurred_at = update.occurred_at
            if update.new_due_date is not None:
                record.due_date = update.new_due_date
            self._touch(record)
        result = UpdateResult(
            update_id=update.update_id,
            regional_id=regional_id,
            ucc_number=record.ucc_number,
            result="stale" if stale else "applied",
            replayed=False,
            ucc_status=record.ucc_status,
            ucc_sub_status=record.ucc_sub_status,
        )
        record.updates[update.update_id] = _StoredUpdate(update=update, result=result)
        return result

    def assignments_page(
        self,
        region: str,
        after: str | None,
        limit: int,
        *,
        rewind_by: int = 0,
        duplicate: bool = False,
        shuffler: random.Random | None = None,
    ) -> AssignmentPage:
        """A page of the feed; the keyword arguments are the misbehaviours the faults ask for."""
        start = _parse_cursor(after)
        region_feed = [entry for entry in self._feed if entry.region == region]
        if rewind_by > 0:
            earlier = [entry.seq for entry in region_feed if entry.seq <= start]
            start = earlier[-rewind_by - 1] if len(earlier) > rewind_by else 0
        pending = [entry for entry in region_feed if entry.seq > start]
        page = pending[:limit]
        items = [entry.item for entry in page]
        next_seq = page[-1].seq if page else start
        if duplicate and items:
            items.append(items[0])
            next_seq = page[-2].seq if len(page) > 1 else start
        if shuffler is not None:
            shuffler.shuffle(items)
        next_cursor = str(next_seq) if next_seq or after is not None else None
        has_more = any(entry.seq > next_seq for entry in region_feed)
        return AssignmentPage(items=tuple(items), next_cursor=next_cursor, has_more=has_more)

    def acknowledge(self, region: str, ucc_number: str) -> AckResult:
        record = self._record(region, ucc_number)
        if record.accepted_at is None:
            record.accepted_at = self._now()
            self._touch(record)
        fresh = [
            entry
            for entry in self._feed
            if entry.item.ucc_number == ucc_number and not entry.acknowledged
        ]
        for entry in fresh:
            entry.acknowledged = True
        return AckResult(
            ucc_number=ucc_number, accepted_at=record.accepted_at, acknowledged_items=len(fresh)
        )

    def list_appeals(
        self,
        region: str,
        updated_from: datetime | None,
        updated_to: datetime | None,
        cursor: str | None,
        limit: int,
    ) -> AppealListPage:
        start = _parse_cursor(cursor)
        matching = sorted(
            (
                record
                for record in self._records.values()
                if record.region == region
                and record.seq > start
                and (updated_from is None or record.updated_at >= updated_from)
                and (updated_to is None or record.updated_at < updated_to)
            ),
            key=lambda record: record.seq,
        )
        page = matching[:limit]
        items = tuple(
            UccAppealSummary(
                ucc_number=record.ucc_number,
                regional_id=record.regional_id,
                ucc_status=record.ucc_status,
                ucc_sub_status=record.ucc_sub_status,
                status=record.status,
                due_date=record.due_date,
                updated_at=record.updated_at,
            )
            for record in page
        )
        more = len(matching) > len(page)
        return AppealListPage(items=items, next_cursor=str(page[-1].seq) if more else None)

    def _append_feed(self, region: str, item: Assignment) -> Assignment:
        self._feed.append(_FeedEntry(seq=self._take_seq(), region=region, item=item))
        return item

    def _item_id(self, ucc_number: str, kind: str) -> str:
        return f"{ucc_number}/{kind}/{len(self._feed) + 1}"

    def create_assignment(self, request: SimAssignmentRequest) -> AppealAssignment:
        now = self._now()
        received_at = request.received_at or now
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=KYIV)
        due_date = request.due_date or (received_at.astimezone(KYIV).date() + timedelta(days=30))
        number = self._new_number(now)
        self._records[number] = _Record(
            seq=self._take_seq(),
            ucc_number=number,
            region=request.region,
            origin="ucc_1545",
            ucc_status=request.ucc_status,
            ucc_sub_status=request.ucc_sub_status,
            created_at=now,
            updated_at=now,
            due_date=due_date,
        )
        applicant = (
            request.applicant.without_identity() if request.confidential else request.applicant
        )
        assignment = AppealAssignment(
            item_id=self._item_id(number, "appeal"),
            ucc_number=number,
            issued_at=now,
            ucc_status=request.ucc_status,
            ucc_sub_status=request.ucc_sub_status,
            received_at=received_at,
            applicant=applicant,
            confidential=request.confidential,
            appeal_kind=request.appeal_kind,
            subject=request.subject,
            topic_code=request.topic_code,
            text=request.text,
            due_date=due_date,
            needs_callback=request.needs_callback,
        )
        self._append_feed(request.region, assignment)
        return assignment

    def _existing(self, ucc_number: str) -> _Record:
        record = self._records.get(ucc_number)
        if record is None:
            raise _not_found(f"Appeal {ucc_number} is not known.")
        return record

    def add_info_request(self, request: SimInfoRequest) -> InfoRequestAssignment:
        record = self._existing(request.ucc_number)
        item = InfoRequestAssignment(
            item_id=self._item_id(record.ucc_number, "info_request"),
            ucc_number=record.ucc_number,
            regional_id=record.regional_id,
            issued_at=self._now(),
            question=request.question,
            due_date=request.due_date,
        )
        self._append_feed(record.region, item)
        return item

    def add_callback(self, request: SimCallbackRequest) -> CallbackResultAssignment:
        record = self._existing(request.ucc_number)
        now = self._now()
        called_at = request.called_at or now
        item = CallbackResultAssignment(
            item_id=self._item_id(record.ucc_number, "callback_result"),
            ucc_number=record.ucc_number,
            regional_id=record.regional_id,
            issued_at=now,
            satisfied=request.satisfied,
            comment=request.comment,
            called_at=called_at if called_at.tzinfo else called_at.replace(tzinfo=KYIV),
        )
        self._append_feed(record.region, item)
        return item

    def add_rework(self, request: SimReworkRequest) -> ReworkAssignment:
        record = self._existing(request.ucc_number)
        record.ucc_status, record.ucc_sub_status = REWORK_STATUS
        record.status = LifecycleStatus.RETURNED_FOR_REWORK
        if request.due_date is not None:
            record.due_date = request.due_date
        self._touch(record)
        item = ReworkAssignment(
            item_id=self._item_id(record.ucc_number, "rework"),
            ucc_number=record.ucc_number,
            regional_id=record.regional_id,
            issued_at=record.updated_at,
            reason=request.reason,
            due_date=request.due_date,
        )
        self._append_feed(record.region, item)
        return item

    def report(self) -> SimAppealsReport:
        views = [
            SimAppealView(
                ucc_number=record.ucc_number,
                region=record.region,
                origin=record.origin,
                regional_id=record.regional_id,
                ucc_status=record.ucc_status,
                ucc_sub_status=record.ucc_sub_status,
                status=record.status,
                outcome=record.outcome,
                due_date=record.due_date,
                accepted_at=record.accepted_at,
                put_count=record.put_count,
                update_requests=record.update_requests,
                distinct_updates=len(record.updates),
                applied_updates=sum(
                    1 for stored in record.updates.values() if stored.result.result == "applied"
                ),
                stale_updates=sum(
                    1 for stored in record.updates.values() if stored.result.result == "stale"
                ),
                card=record.card,
            )
            for record in sorted(self._records.values(), key=lambda record: record.ucc_number)
        ]
        return SimAppealsReport(
            appeals=views,
            put_requests=sum(view.put_count for view in views),
            update_requests=sum(view.update_requests for view in views),
            feed_items=len(self._feed),
            acknowledged_items=sum(1 for entry in self._feed if entry.acknowledged),
        )


def utc_now() -> datetime:
    return datetime.now(UTC)
