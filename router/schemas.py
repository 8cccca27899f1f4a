"""The router's HTTP shapes: what clients send and what they get back."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    SecretStr,
    field_validator,
    model_validator,
)

from shared.events import AppealKind, Channel, Outcome
from shared.reference import BodyKind, load_classifier, territory

BODY_CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{1,79}$"
MIN_SECRET_LENGTH = 32
DeliveryMethod = Literal["webhook", "pull"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def known_topic(code: str | None) -> str | None:
    """A topic code must exist in the classifier (KMU 858)."""
    if code is None:
        return None
    try:
        load_classifier().topic(code)
    except KeyError:
        raise ValueError(f"unknown classifier topic {code!r}") from None
    return code


def known_territories(codes: list[str]) -> list[str]:
    for code in codes:
        try:
            territory(code)
        except KeyError:
            raise ValueError(f"unknown territory {code!r}") from None
    return codes


class DeliveryIn(Strict):
    """How the body receives appeals: pushed to its webhook, or pulled by its system."""

    method: DeliveryMethod = "pull"
    url: HttpUrl | None = None
    secret: SecretStr | None = Field(
        default=None, description=f"HMAC key, at least {MIN_SECRET_LENGTH} characters"
    )

    @model_validator(mode="after")
    def _webhook_needs_a_url(self) -> Self:
        if self.method == "webhook" and self.url is None:
            raise ValueError("a webhook delivery needs a url")
        if self.secret is not None and len(self.secret.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"the secret must be at least {MIN_SECRET_LENGTH} characters")
        return self


class BodyIn(Strict):
    code: str = Field(pattern=BODY_CODE_PATTERN)
    name_uk: str = Field(min_length=3, max_length=300)
    kind: BodyKind
    territory_codes: list[str] = Field(min_length=1, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    demo: bool = False
    delivery: DeliveryIn = Field(default_factory=DeliveryIn)

    _territories = field_validator("territory_codes")(known_territories)


class BodyPatch(Strict):
    """A partial update; fields left out stay as they are."""

    name_uk: str | None = Field(default=None, min_length=3, max_length=300)
    kind: BodyKind | None = None
    territory_codes: list[str] | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    delivery: DeliveryIn | None = None
    active: bool | None = None

    @field_validator("territory_codes")
    @classmethod
    def _territories(cls, codes: list[str] | None) -> list[str] | None:
        return None if codes is None else known_territories(codes)


class PullKey(BaseModel):
    body_code: str
    api_key: str = Field(description="Shown once; send it as X-Body-Key")


class RuleIn(Strict):
    """A competence rule; `None` fields do not restrict the match."""

    rule_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")
    position: int | None = Field(
        default=None, ge=0, description="Where to try it; omitted: after every other rule"
    )
    topic_prefix: str | None = Field(default=None, pattern=r"^\d{1,3}(\.\d+)*$")
    territory_codes: list[str] | None = Field(default=None, max_length=200)
    kind: AppealKind | None = None
    channel: Channel | None = None
    keywords: list[str] | None = Field(default=None, max_length=50)
    body_code: str
    co_executor_codes: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("territory_codes")
    @classmethod
    def _territories(cls, codes: list[str] | None) -> list[str] | None:
        return None if codes is None else known_territories(codes)

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, words: list[str] | None) -> list[str] | None:
        if words is not None and any(not word.strip() or len(word) > 100 for word in words):
            raise ValueError("keywords must be 1 to 100 characters")
        return words


class Reorder(Strict):
    rule_ids: list[str] = Field(min_length=1, max_length=1000)


class DryRunIn(Strict):
    """The facts of an appeal, to ask which body would get it."""

    topic_code: str | None = None
    territory_code: str | None = None
    kind: AppealKind | None = None
    channel: Channel | None = None
    text: str = Field(default="", max_length=20_000)
    exclude_body_codes: list[str] = Field(default_factory=list, max_length=50)
    version: int | None = Field(default=None, ge=1, description="A past rule-set version")


class DryRunOut(BaseModel):
    body_code: str
    co_executor_codes: list[str]
    rule: dict[str, Any] | None
    fallback: bool
    rule_set_version: int


class TopicSuggestionOut(BaseModel):
    topic_code: str
    name_uk: str
    confidence: float


class SuggestIn(Strict):
    text: str = Field(min_length=1, max_length=20_000)


class SuggestOut(BaseModel):
    model_version: str
    suggestions: list[TopicSuggestionOut]
    needs_triage: bool


class TriageDecision(Strict):
    topic_code: str | None = None
    body_code: str | None = Field(default=None, description="Omitted: the rules decide")
    co_executor_codes: list[str] | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, max_length=2_000)

    _topic = field_validator("topic_code")(known_topic)

    @model_validator(mode="after")
    def _something_decided(self) -> Self:
        if self.topic_code is None and self.body_code is None:
            raise ValueError("give a topic_code, a body_code or both")
        return self


class Attachment(Strict):
    file_name: str = Field(min_length=1, max_length=255)
    media_type: str = Field(min_length=3, max_length=100)
    size_bytes: int = Field(ge=0, le=100 * 1024 * 1024)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    url: HttpUrl | None = None


class AnswerIn(Strict):
    text: str = Field(min_length=1, max_length=50_000)
    outcome: Outcome
    signed_by: str = Field(min_length=3, max_length=300, description="The signing official")
    outgoing_number: str | None = Field(default=None, max_length=60)
    attachments: list[Attachment] = Field(default_factory=list, max_length=20)


class ExtensionIn(Strict):
    reason: str = Field(max_length=2_000)
    new_due_date: date
    applicant_notified_at: datetime | None = Field(
        default=None, description="When the applicant was told; without it the Law refuses"
    )
    notification_proof: str | None = Field(
        default=None, max_length=500, description="How the applicant was told (letter no., call)"
    )
    extended_by: str = Field(min_length=3, max_length=300, description="The head who decided")

    @field_validator("applicant_notified_at")
    @classmethod
    def _aware(cls, moment: datetime | None) -> datetime | None:
        if moment is not None and moment.tzinfo is None:
            raise ValueError("give the time with its offset")
        return moment


class RedirectIn(Strict):
    reason: str = Field(min_length=5, max_length=2_000)


class ReasonIn(Strict):
    reason: str = Field(min_length=5, max_length=2_000)


class CloseIn(Strict):
    outcome: Outcome | None = Field(default=None, description="Omitted: the answer's outcome")


class ArticleIn(Strict):
    question: str = Field(min_length=3, max_length=2_000)
    answer: str = Field(min_length=3, max_length=20_000)
    topic_code: str | None = None
    valid_from: date
    valid_to: date | None = None
    source: str = Field(min_length=3, max_length=500, description="Act, letter or page cited")

    _topic = field_validator("topic_code")(known_topic)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class ArticleOut(BaseModel):
    id: uuid.UUID
    question: str
    answer: str
    topic_code: str | None
    valid_from: date
    valid_to: date | None
    source: str


class ResolveIn(Strict):
    article_id: uuid.UUID | None = None
    answer_text: str | None = Field(default=None, min_length=3, max_length=20_000)

    @model_validator(mode="after")
    def _something_said(self) -> Self:
        if self.article_id is None and self.answer_text is None:
            raise ValueError("give an article_id, an answer_text or both")
        return self


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None
