"""Shapes of the registry's HTTP API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from registry.decisions import DecisionKind, NotConsideredReason
from shared.events import Outcome


class StatusChange(BaseModel):
    from_status: str | None
    to_status: str
    changed_at: datetime
    actor: str
    reason: str | None = None
    source_event_id: uuid.UUID | None = None


class AppealLinkOut(BaseModel):
    """A repeat/duplicate/mass link, and why it was made."""

    direction: Literal["earlier", "later"]
    other_id: uuid.UUID
    linked_number: str = Field(description="Registration number of the earlier appeal")
    sign: str
    reason: str
    matched_on: str
    similarity: float
    earlier_resolved_on_merits: bool


class AttachmentOut(BaseModel):
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str | None = None
    storage_ref: str | None = None
    accepted: bool
    refusal: str | None = None


class AppealOut(BaseModel):
    """The registration card with its history and links."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "0b6f1a52-8d0e-4d1b-9f57-3f1f3c0a9a11",
                "registration_number": "DP-2026-000123",
                "status": "routed",
                "channel": "hotline",
                "form_of_receipt": "1.1.1",
                "appeal_type": "oral",
                "subject": "individual",
                "kind": "complaint",
                "sign": "repeated",
                "topic_code": "009",
                "applicant": {"full_name": "Коваленко Олена Петрівна", "phone": "+380671234567"},
                "text": "Третій день немає холодної води.",
                "confidential": False,
                "priority": True,
                "body_code": "council-dnipro",
                "due_date": "2026-12-29",
            }
        }
    )

    id: uuid.UUID
    registration_number: str
    status: str
    outcome: str | None = None
    not_considered_reason: str | None = None
    channel: str
    form_of_receipt: str | None = None
    appeal_type: str | None = None
    subject: str
    applicant_type: str
    collective_signatories: int | None = None
    kind: str | None = None
    sign: str
    priority: bool
    topic_code: str | None = None
    language: str
    applicant: dict[str, Any] | None = None
    author_categories: list[str] | None = Field(
        default=None, description="Special category data: shown to operators and supervisors"
    )
    problem_location: dict[str, Any] | None = None
    raion: str | None = None
    hromada: str | None = None
    text: str
    confidential: bool
    needs_no_further_study: bool
    complaint_late: bool | None = None
    earlier_resolved_on_merits: bool
    body_code: str | None = None
    due_date: date | None = None
    external_number: str | None = None
    received_at: datetime
    registered_at: datetime
    history: list[StatusChange] = []
    links: list[AppealLinkOut] = []
    attachments: list[AttachmentOut] = []


class AppealSummary(BaseModel):
    """One line of a list; `applicant_name` is left out where the reader may not see it."""

    id: uuid.UUID
    registration_number: str
    status: str
    outcome: str | None = None
    channel: str
    kind: str | None = None
    sign: str
    priority: bool
    topic_code: str | None = None
    body_code: str | None = None
    raion: str | None = None
    hromada: str | None = None
    due_date: date | None = None
    overdue: bool = False
    received_at: datetime
    applicant_name: str | None = None


class AppealPage(BaseModel):
    items: list[AppealSummary]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page")


class HistoryItem(BaseModel):
    """An earlier appeal of the applicant, as the operator needs it during a call."""

    id: uuid.UUID
    registration_number: str
    received_at: datetime
    channel: str
    topic_code: str | None = None
    status: str
    outcome: str | None = None
    body_code: str | None = None
    due_date: date | None = None
    overdue: bool
    sign: str
    applicant_name: str | None = None
    matched_on: list[str]


class ApplicantHistory(BaseModel):
    items: list[HistoryItem]
    truncated: bool = Field(description="More appeals matched than the limit")


class DecisionIn(BaseModel):
    """A person's decision on an appeal, always with its reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "decision": "not_considered",
                    "reason_code": "repeated_resolved",
                    "reason": "Повторне звернення з питання, вирішеного по суті (DP-2026-000017).",
                },
                {"decision": "close", "outcome": "explained", "reason": "Надано роз'яснення."},
            ]
        },
    )

    decision: DecisionKind
    reason: str = Field(min_length=3, max_length=2000)
    reason_code: NotConsideredReason | None = Field(
        default=None,
        validate_default=True,
        description="Art. 8 ground; required for not_considered",
    )
    outcome: Outcome | None = Field(
        default=None, validate_default=True, description="Required for close"
    )

    @field_validator("reason_code")
    @classmethod
    def _reason_code_fits(
        cls, value: NotConsideredReason | None, info: ValidationInfo
    ) -> NotConsideredReason | None:
        not_considered = info.data.get("decision") == "not_considered"
        if not_considered and value is None:
            raise ValueError("required for not_considered")
        if not not_considered and value is not None:
            raise ValueError("belongs to not_considered only")
        return value

    @field_validator("outcome")
    @classmethod
    def _outcome_fits(cls, value: Outcome | None, info: ValidationInfo) -> Outcome | None:
        closing = info.data.get("decision") == "close"
        if closing and value is None:
            raise ValueError("required for close")
        if not closing and value is not None:
            raise ValueError("belongs to close only")
        return value


class DecisionOut(BaseModel):
    decision_id: uuid.UUID
    appeal_id: uuid.UUID
    status: str


class AuditEntry(BaseModel):
    id: int
    at: datetime
    subject: str
    roles: str
    action: str
    appeal_id: uuid.UUID | None = None
    detail: str | None = None


class ClassifierValueOut(BaseModel):
    code: str
    key: str | None = None
    name_uk: str
    name_ru: str
    valid_from: date
    valid_to: date | None = None
    provisional: bool
    privileged: bool


class ClassifierDimensionOut(BaseModel):
    key: str
    section: str
    name_uk: str
    name_ru: str
    multiple: bool
    values: list[ClassifierValueOut]


class ClassifierOut(BaseModel):
    version: str
    act: str
    demo: bool
    note: str
    dimensions: list[ClassifierDimensionOut]
