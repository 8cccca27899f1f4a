"""Shapes of intake's HTTP API."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
