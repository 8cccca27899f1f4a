"""Shapes of the registry's HTTP API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel


class StatusChange(BaseModel):
    from_status: str | None
    to_status: str
    changed_at: datetime
    actor: str
    reason: str | None = None


class AppealOut(BaseModel):
    id: uuid.UUID
    registration_number: str
    status: str
    outcome: str | None = None
    channel: str
    kind: str | None = None
    topic_code: str | None = None
    applicant: dict[str, Any] | None = None
    text: str
    confidential: bool
    body_code: str | None = None
    due_date: date | None = None
    received_at: datetime
    registered_at: datetime
    history: list[StatusChange] = []


class AppealSummary(BaseModel):
    id: uuid.UUID
    registration_number: str
    status: str
    channel: str
    topic_code: str | None = None
    body_code: str | None = None
    due_date: date | None = None
    received_at: datetime


class AppealPage(BaseModel):
    items: list[AppealSummary]
    next_cursor: str | None = None


class AuditEntry(BaseModel):
    at: datetime
    subject: str
    roles: str
    action: str
    appeal_id: uuid.UUID | None = None
    detail: str | None = None
