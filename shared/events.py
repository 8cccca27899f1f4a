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


Outcome = Literal[
    "resolved_positively",
    "explained",
    "refused",
    "not_in_competence",
    "cannot_do_this_period",
    "cancelled",
]
AppealKind = Literal["proposal", "application", "complaint"]


class Applicant(BaseModel):
    """Who appeals. Identity and special-category data travel only inside the platform."""

    full_name: str | None = None
    phone: str | None = None
    email: str | None = None
    telegram_chat_id: int | None = None
    address: Address | None = None
    applicant_type: Literal["individual", "legal_entity", "sole_proprietor"] = "individual"
    organisation_code: str | None = Field(default=None, description="ЄДРПОУ / ІПН")
    sex: Literal["male", "female"] | None = None
    author_categories: list[str] = Field(
        default_factory=list, description="Classifier section 7 codes (several)"
    )
    social_status: str | None = Field(default=None, description="Classifier section 8 code")
    representative: str | None = Field(
        default=None, description="Legal representative or attorney, if any"
    )


class AttachmentRef(BaseModel):
    """A file that came with an appeal: the registry keeps this description, not the bytes."""

    file_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size_bytes: int = Field(ge=0)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    storage_ref: str | None = Field(
        default=None, max_length=500, description="Where the channel stored the file"
    )


class AppealReceived(EventPayload):
    """An appeal was accepted by a channel and must be registered (intake → registry)."""

    event_type: ClassVar[str] = "appeal.received"

    submission_id: uuid.UUID
    channel: Channel
    received_at: datetime
    applicant: Applicant
    text: str
    topic_code: str | None = None
    kind: AppealKind | None = None
    confidential: bool = False
    needs_no_further_study: bool = False
    collective_signatories: int | None = Field(default=None, ge=2)
    language: str = "uk"
    external_number: str | None = Field(
        default=None, description="Number in the system the appeal came from (UCC number)"
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Channel-specific facts (call metadata, attachments)"
    )
    problem_location: Address | None = Field(
        default=None, description="Where the problem is, when not at the applicant's address"
    )
    attachments: list[AttachmentRef] = Field(default_factory=list)
    complaint_decision_date: date | None = Field(
        default=None, description="Art. 17: the day the contested decision was made"
    )
    complaint_learned_date: date | None = Field(
        default=None, description="Art. 17: the day the applicant learned of that decision"
    )
    anonymous: bool = Field(
        default=False,
        description="The channel could not establish authorship or the place of residence "
        "(Art. 8): passed on marked, the registry decides",
    )


class AppealRegistered(EventPayload):
    """The registry gave the appeal its number (registry → router, monitoring, exchange)."""

    event_type: ClassVar[str] = "appeal.registered"

    registration_number: str
    channel: Channel
    received_at: datetime
    registered_at: datetime
    topic_code: str | None
    kind: AppealKind | None = None
    text: str
    applicant: Applicant
    sign: str = Field(default="primary", description="primary/repeated/duplicate/multiple/mass")
    priority: bool = Field(default=False, description="Privileged applicant: handled first")
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


class AppealResolvedOnContact(EventPayload):
    """The center answered the question itself (reference answer); no body is involved."""

    event_type: ClassVar[str] = "appeal.resolved_on_contact"

    article_id: str | None = None
    answer_text: str
    resolved_by: str
    resolved_at: datetime


class AppealDelivered(EventPayload):
    """The appeal reached the body's system (webhook confirmed or pulled and acknowledged)."""

    event_type: ClassVar[str] = "appeal.delivered"

    body_code: str
    delivery_id: uuid.UUID
    method: Literal["webhook", "pull", "manual"]
    delivered_at: datetime


class AppealAcceptedByBody(EventPayload):
    """The body acknowledged receipt and took the appeal into work."""

    event_type: ClassVar[str] = "appeal.accepted_by_body"

    body_code: str
    accepted_by: str
    accepted_at: datetime


class AppealAnswered(EventPayload):
    """The body answered; the answer goes to the applicant and may be checked."""

    event_type: ClassVar[str] = "appeal.answered"

    body_code: str
    outcome: Outcome
    answer_text: str
    signed_by: str
    answered_at: datetime
    outgoing_number: str | None = None
    attachments: list[dict[str, Any]] = Field(default_factory=list)


class AppealExtended(EventPayload):
    """The body's head extended the term (Art. 20), with the applicant told."""

    event_type: ClassVar[str] = "appeal.extended"

    body_code: str
    new_due_date: date
    reason: str
    applicant_notified_at: datetime
    extended_by: str


class AppealRedirected(EventPayload):
    """The body says the appeal is not in its competence; the router routes it again."""

    event_type: ClassVar[str] = "appeal.redirected"

    from_body_code: str
    reason: str
    redirected_by: str
    redirected_at: datetime


class AppealReturnedForRework(EventPayload):
    """A supervisor or the UCC found the answer incomplete; the body must answer again."""

    event_type: ClassVar[str] = "appeal.returned_for_rework"

    reason: str
    returned_by: str
    returned_at: datetime


class AppealClosed(EventPayload):
    """The appeal's consideration is over, with its outcome."""

    event_type: ClassVar[str] = "appeal.closed"

    outcome: Outcome
    closed_by: str
    closed_at: datetime


class AppealFeedbackReceived(EventPayload):
    """The applicant's rating of the answer (UCC call-back survey or the bot)."""

    event_type: ClassVar[str] = "appeal.feedback_received"

    source: Literal["ucc_callback", "telegram", "web", "hotline"]
    satisfied: Literal["yes", "no", "partly"]
    comment: str | None = None
    received_at: datetime


class ConsultationRecorded(EventPayload):
    """A caller's question was answered on the spot: counted in statistics, not an appeal."""

    event_type: ClassVar[str] = "consultation.recorded"

    consultation_id: uuid.UUID
    channel: Channel
    topic_code: str
    call_started_at: datetime
    recorded_at: datetime


class DeadlineApproaching(EventPayload):
    """A reminder threshold before the due date was reached (once per appeal and threshold)."""

    event_type: ClassVar[str] = "deadline.approaching"

    threshold: str
    body_code: str | None
    due_date: date
    days_left: int


class DeadlineBreached(EventPayload):
    """The due date passed without an answer."""

    event_type: ClassVar[str] = "deadline.breached"

    body_code: str | None
    due_date: date
    days_overdue: int
    threshold: str = Field(
        default="overdue", description="Rung of the escalation ladder (once per appeal each)"
    )


class HotspotDetected(EventPayload):
    """A spike of appeals on one topic in one territory against its own baseline."""

    event_type: ClassVar[str] = "hotspot.detected"

    problem_id: uuid.UUID
    topic_code: str
    territory_code: str
    day: date
    observed: int
    expected: float
    p_value: float
    appeal_ids: list[uuid.UUID] = Field(default_factory=list)


PAYLOAD_TYPES: dict[tuple[str, int], type[EventPayload]] = {
    (model.event_type, model.event_version): model
    for model in (
        AppealReceived,
        AppealRegistered,
        AppealRouted,
        AppealStatusChanged,
        AppealResolvedOnContact,
        AppealDelivered,
        AppealAcceptedByBody,
        AppealAnswered,
        AppealExtended,
        AppealRedirected,
        AppealReturnedForRework,
        AppealClosed,
        AppealFeedbackReceived,
        DeadlineApproaching,
        DeadlineBreached,
        HotspotDetected,
        ConsultationRecorded,
    )
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
