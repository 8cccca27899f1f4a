"""Shapes of intake's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from shared.events import Address, Channel


class ApplicantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str | None = Field(
        default=None, max_length=300, examples=["Коваленко Олена Петрівна"]
    )
    phone: str | None = Field(default=None, max_length=40, examples=["+380671234567"])
    email: str | None = Field(default=None, max_length=254)
    address: Address | None = None


class AppealSubmission(BaseModel):
    """An appeal as a channel hands it over (operator form, portal, bot, other system)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    channel: Channel = Field(examples=["hotline"])
    applicant: ApplicantIn
    text: str = Field(min_length=1, max_length=10_000, examples=["Немає води на вул. Робочій 5"])
    topic_code: str | None = Field(default=None, pattern=r"^\d{3}$", examples=["009"])
    kind: Literal["proposal", "application", "complaint"] | None = None
    confidential: bool = False
    needs_no_further_study: bool = False


class Accepted(BaseModel):
    """The appeal is safely stored and will be registered; poll the registry for its number."""

    submission_id: uuid.UUID
    appeal_id: uuid.UUID
    status: Literal["accepted"] = "accepted"


HOTLINE_NUMBER = "0800505600"
SUPPORT_LINE_NUMBER = "0800505085"
LINE_CHANNELS: dict[str, Channel] = {HOTLINE_NUMBER: "hotline", SUPPORT_LINE_NUMBER: "support_line"}
CallerCategory = Literal["veteran", "family_member", "service_member", "other"]
TransferOutcome = Literal["connected", "no_answer", "declined", "callback_scheduled"]


class CallMetadata(BaseModel):
    """The call an oral appeal or a consultation came from, as the telephony shows it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    line: Literal["0800505600", "0800505085"] = Field(
        description="Number the citizen called: the hotline or the psychological-support line",
        examples=["0800505600"],
    )
    caller_number: str | None = Field(
        default=None, max_length=40, pattern=r"^\+?[0-9 ()\-]{3,40}$", examples=["+380671234567"]
    )
    call_id: str = Field(min_length=1, max_length=100, examples=["pbx-2024-000123"])
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> CallMetadata:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self

    @property
    def channel(self) -> Channel:
        return LINE_CHANNELS[self.line]

    def details(self) -> dict[str, object]:
        return {"call": self.model_dump(mode="json")}


class OralAppeal(BaseModel):
    """An oral appeal the operator registers during a call (Art. 5: recorded by the official)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    call: CallMetadata
    applicant: ApplicantIn
    text: str = Field(min_length=1, max_length=10_000)
    topic_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    kind: Literal["proposal", "application", "complaint"] | None = None
    confidential: bool | None = Field(
        default=None,
        description="Omitted: confidential for the support line, not for the hotline",
    )
    needs_no_further_study: bool = False
    language: Literal["uk", "ru", "en"] = "uk"


class ConsultationIn(BaseModel):
    """A question answered on the spot: it counts in statistics but is not an appeal."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    call: CallMetadata
    topic_code: str = Field(pattern=r"^\d{3}$", examples=["009"])
    question: str = Field(min_length=1, max_length=4000)
    answer: str = Field(min_length=1, max_length=4000)


class ConsultationOut(BaseModel):
    consultation_id: uuid.UUID
    channel: Channel
    topic_code: str
    recorded_at: datetime


class SupportCallIn(BaseModel):
    """A call to the psychological-support line (0800 505 085)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    call_id: str = Field(min_length=1, max_length=100)
    caller_number: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9 ()\-]{3,40}$")
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    caller_category: CallerCategory = "other"
    summary: str = Field(min_length=1, max_length=4000)


class TransferIn(BaseModel):
    """The call was put through to a psychologist: to whom, when, and how it went."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    psychologist: str = Field(min_length=1, max_length=200)
    transferred_at: AwareDatetime
    outcome: TransferOutcome
    note: str | None = Field(default=None, max_length=2000)


class TransferOut(BaseModel):
    transfer_id: uuid.UUID
    psychologist: str
    transferred_at: datetime
    outcome: TransferOutcome
    note: str | None
    recorded_by: str


class SupportCallOut(BaseModel):
    support_call_id: uuid.UUID
    call_id: str
    caller_number: str | None
    started_at: datetime
    ended_at: datetime | None
    caller_category: CallerCategory
    summary: str
    recorded_by: str
    recorded_at: datetime
    transfers: list[TransferOut] = Field(default_factory=list)


class SupportCallPage(BaseModel):
    items: list[SupportCallOut]
    next_cursor: str | None = None
