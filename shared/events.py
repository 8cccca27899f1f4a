"""Event contracts: the one envelope and the versioned payload of every event type.

The envelope is what travels on the bus (JSON body of a persistent AMQP message whose
`message_id` is the envelope id). A consumer validates the payload with the model registered
for `(type, version)`; an unknown type or version is a poison message, not a crash.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal[
    "hotline", "support_line", "web", "telegram", "ucc", "post", "reception", "email", "api"
]
AppealStatus = Literal[
    "received",
    "registered",
    "resolved_on_contact",
    "routed",
    "in_work",
    "extended",
    "answered",
    "on_check",
    "returned_for_rework",
    "closed",
    "returned_to_applicant",
    "forwarded",
    "not_considered",
    "redirected",
]


class Envelope(BaseModel):
    """Design §2: one envelope for every event."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    type: str
    version: int = Field(ge=1)
    occurred_at: datetime
    producer: str
    appeal_id: uuid.UUID | None = None
    correlation_id: str
    data: dict[str, Any]


class EventPayload(BaseModel):
    """Base of every payload; subclasses name their type and schema version."""

    model_config = ConfigDict(extra="forbid")

    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1


class Address(BaseModel):
    oblast: str | None = None
    raion: str | None = None
    hromada: str | None = None
    settlement: str | None = None
    street: str | None = None
    house: str | None = None
    flat: str | None = None
    text: str | None = Field(default=None, description="Free-form address as given")


class Applicant(BaseModel):
    full_name: str | None = None
    phone: str | None = None
    email: str | None = None
    telegram_chat_id: int | None = None
    address: Address | None = None


class AppealReceived(EventPayload):
    """An appeal was accepted by a channel and must be registered (intake → registry)."""

    event_type: ClassVar[str] = "appeal.received"

    submission_id: uuid.UUID
    channel: Channel
    received_at: datetime
    applicant: Applicant
    text: str
    topic_code: str | None = None
    kind: Literal["proposal", "application", "complaint"] | None = None
    confidential: bool = False
    needs_no_further_study: bool = False
    external_number: str | None = Field(
        default=None, description="Number in the system the appeal came from (UCC number)"
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Channel-specific facts (call metadata, attachments)"
    )


class AppealRegistered(EventPayload):
    """The registry gave the appeal its number (registry → router, monitoring, exchange)."""

    event_type: ClassVar[str] = "appeal.registered"

    registration_number: str
    channel: Channel
    received_at: datetime
    registered_at: datetime
    topic_code: str | None
    kind: Literal["proposal", "application", "complaint"] | None = None
    text: str
    applicant: Applicant
    territory_code: str | None = None
    confidential: bool = False
    needs_no_further_study: bool = False
    external_number: str | None = None


class AppealRouted(EventPayload):
    """The router chose the body that must answer, and the due date runs."""

    event_type: ClassVar[str] = "appeal.routed"

    body_code: str
    co_executor_codes: list[str] = Field(default_factory=list)
    rule_id: str | None = None
    received_on: date
    due_date: date


class AppealStatusChanged(EventPayload):
    """The registry, the source of truth for status, moved an appeal."""

    event_type: ClassVar[str] = "appeal.status_changed"

    registration_number: str
    from_status: AppealStatus
    to_status: AppealStatus
    changed_at: datetime
    body_code: str | None = None
    due_date: date | None = None
    outcome: str | None = None
    reason: str | None = None


PAYLOAD_TYPES: dict[tuple[str, int], type[EventPayload]] = {
    (model.event_type, model.event_version): model
    for model in (AppealReceived, AppealRegistered, AppealRouted, AppealStatusChanged)
}


class UnknownEventType(ValueError):
    """No payload model for this (type, version): the message cannot be understood."""


def make_envelope(
    payload: EventPayload,
    *,
    producer: str,
    appeal_id: uuid.UUID | None,
    correlation_id: str,
    event_id: uuid.UUID | None = None,
) -> Envelope:
    return Envelope(
        id=event_id or uuid.uuid4(),
        type=payload.event_type,
        version=payload.event_version,
        occurred_at=datetime.now(UTC),
        producer=producer,
        appeal_id=appeal_id,
        correlation_id=correlation_id,
        data=payload.model_dump(mode="json"),
    )


def parse_payload(envelope: Envelope) -> EventPayload:
    model = PAYLOAD_TYPES.get((envelope.type, envelope.version))
    if model is None:
        raise UnknownEventType(f"{envelope.type} v{envelope.version}")
    return model.model_validate(envelope.data)
