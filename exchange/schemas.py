"""Shapes of the exchange's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

JobState = Literal["pending", "failed", "done"]


class PushSummary(BaseModel):
    done: int
    failed: int
    pending: int


class PushJobOut(BaseModel):
    """A push journal entry, without its payload (which carries personal data)."""

    id: uuid.UUID
    appeal_id: uuid.UUID
    kind: str
    state: JobState
    status: str | None = Field(default=None, description="Lifecycle status an update reports")
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    done_at: datetime | None
    failed_at: datetime | None
    last_error: str | None


class PushJobPage(BaseModel):
    items: list[PushJobOut]
    next_cursor: str | None


class Revived(BaseModel):
    revived: int


class ResendResult(BaseModel):
    appeal_id: uuid.UUID
    jobs: list[uuid.UUID]
    revived: int


class RepullResult(BaseModel):
    ucc_number: str
    appeal_id: uuid.UUID | None
    known_to_ucc: bool
    feed_items_seen: int
    items: dict[str, int]
    created: bool
    acknowledged: int


class PullReportOut(BaseModel):
    pages: int
    items: dict[str, int]
    created: list[str]
    acknowledged: int
    busy: bool = Field(description="Another replica held the cursor; it pulls meanwhile")


class FeedItemOut(BaseModel):
    item_id: str
    kind: str
    ucc_number: str
    appeal_id: uuid.UUID | None
    outcome: str
    applied_at: datetime
    payload: dict[str, Any]


class FeedItemPage(BaseModel):
    items: list[FeedItemOut]
    next_cursor: str | None


class SyncStatus(BaseModel):
    cursor: str | None
    cursor_saved_at: datetime | None
    push_jobs: PushSummary
    feed_items: dict[str, dict[str, int]]
    unacknowledged: int
    circuit: str


class ReconciliationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    period_from: datetime = Field(alias="from", description="Receipt time, inclusive")
    period_to: datetime = Field(alias="to", description="Receipt time, exclusive")


class ReconciliationOut(BaseModel):
    id: uuid.UUID
    period_from: datetime
    period_to: datetime
    started_at: datetime
    finished_at: datetime | None
    requested_by: str
    counts: dict[str, int]
    mismatches: list[dict[str, Any]]
    error: str | None


class ReconciliationBrief(BaseModel):
    id: uuid.UUID
    period_from: datetime
    period_to: datetime
    started_at: datetime
    counts: dict[str, int]
    error: str | None


class ReconciliationPage(BaseModel):
    items: list[ReconciliationBrief]
    next_cursor: str | None


class ImportRowOut(BaseModel):
    row: int
    ucc_number: str | None
    result: Literal["created", "updated", "skipped", "error"]
    reason: str
    appeal_id: uuid.UUID | None
    errors: list[dict[str, str]]


class ImportReport(BaseModel):
    file: str
    totals: dict[str, int]
    rows: list[ImportRowOut]
