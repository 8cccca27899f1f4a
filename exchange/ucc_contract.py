"""Contract v1 between a regional contact center and the Government Contact Center (UCC).

No public machine protocol exists between the two (domain B §2.4), so the platform defines
its own: JSON over HTTPS under ``/ucc/v1``. Field names follow the UCC export columns so a
record can travel between the API and the export file without loss; the UCC's own
``status``/``sub_status`` strings are carried verbatim and never interpreted here.
These models are shared by the client and the simulator, so both speak the same schema.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

CONTRACT_VERSION = "v1"
API_PREFIX = "/ucc/v1"
API_KEY_HEADER = "X-Api-Key"
PROBLEM_MEDIA_TYPE = "application/problem+json"

UccNumber = Annotated[
    str,
    Field(
        pattern=r"^UCC-\d{4}-\d{6,}$",
        examples=["UCC-2026-000123"],
        description="Number the UCC gives an appeal: year and a sequence that restarts yearly.",
    ),
]
RegionalId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
        description="The regional center's own id of the appeal; stable for its whole life.",
    ),
]


class ContractModel(BaseModel):
    """Base of every contract shape: unknown fields are refused so typos surface at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Channel(StrEnum):
    """How the appeal reached the regional center (domain A §8)."""

    HOTLINE = "hotline"
    PSYCHOLOGICAL_SUPPORT_LINE = "psychological_support_line"
    WEB = "web"
    TELEGRAM = "telegram"
    UCC_1545 = "ucc_1545"
    WRITTEN = "written"
    PERSONAL_RECEPTION = "personal_reception"


class ApplicantType(StrEnum):
    """Тип заявника: a person, an organisation, or a sole proprietor (domain B §2.3)."""

    INDIVIDUAL = "individual"
    LEGAL_ENTITY = "legal_entity"
    SOLE_PROPRIETOR = "sole_proprietor"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class AppealKind(StrEnum):
    """Вид звернення under Art. 3 of the Law on citizens' appeals."""

    PROPOSAL = "proposal"
    APPLICATION = "application"
    COMPLAINT = "complaint"


class AppealSubject(StrEnum):
    """За суб'єктом: who stands behind the appeal (classifier, domain A §4)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    ANONYMOUS = "anonymous"


class LifecycleStatus(StrEnum):
    """The regional lifecycle status (domain A §1); the UCC maps it to its own pair."""

    RECEIVED = "received"
    REGISTERED = "registered"
    RESOLVED_ON_CONTACT = "resolved_on_contact"
    ROUTED = "routed"
    IN_WORK = "in_work"
    EXTENDED = "extended"
    ANSWERED = "answered"
    ON_CHECK = "on_check"
    RETURNED_FOR_REWORK = "returned_for_rework"
    CLOSED = "closed"
    RETURNED_TO_APPLICANT = "returned_to_applicant"
    FORWARDED = "forwarded"
    NOT_CONSIDERED = "not_considered"
    REDIRECTED = "redirected"


class Outcome(StrEnum):
    """Result of consideration once closed (domain A §1)."""

    RESOLVED_POSITIVELY = "resolved_positively"
    EXPLAINED = "explained"
    REFUSED = "refused"
    NOT_IN_COMPETENCE = "not_in_competence"
    CANNOT_DO_THIS_PERIOD = "cannot_do_this_period"
    CANCELLED = "cancelled"


class Satisfaction(StrEnum):
    """Answer of the applicant to the UCC's callback survey."""

    YES = "yes"
    NO = "no"
    PARTLY = "partly"


class Applicant(ContractModel):
    """Заявник. Identity fields are optional because a confidential card omits them."""

    name: str | None = Field(default=None, max_length=300, description="Заявник: ПІБ or name")
    applicant_type: ApplicantType = ApplicantType.INDIVIDUAL
    sex: Sex = Sex.UNKNOWN
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=254)
    social_status: str | None = Field(
        default=None, max_length=100, description="Соціальний стан: one value, classifier §8"
    )
    categories: tuple[str, ...] = Field(
        default=(), description="Категорія: several codes of classifier section 7, e.g. '7.5'"
    )

    def without_identity(self) -> Applicant:
        """Drop what identifies the person while keeping what statistics need."""
        return self.model_copy(update={"name": None, "address": None, "phone": None, "email": None})


class AppealCard(ContractModel):
    """The electronic registration card of an appeal registered by the region.

    A confidential card never carries the applicant's identity: it is stripped on
    construction, so it cannot leave the region by mistake (Art. 10 of the Law).
    """

    regional_id: RegionalId
    ucc_number: UccNumber | None = Field(
        default=None,
        description="Set when the appeal came from the UCC: the UCC links instead of creating.",
    )
    registration_number: str = Field(min_length=1, max_length=64)
    received_at: AwareDatetime
    channel: Channel
    applicant: Applicant
    confidential: bool = False
    kind: AppealKind
    subject: AppealSubject = AppealSubject.INDIVIDUAL
    topic_code: str = Field(min_length=1, max_length=32, description="Питання: classifier code")
    text: str = Field(min_length=1, max_length=20_000, description="Зміст")
    body: str | None = Field(default=None, max_length=500, description="Виконавці: the body")
    due_date: date | None = Field(default=None, description="Вирішити до")
    status: LifecycleStatus

    @model_validator(mode="after")
    def _strip_identity_when_confidential(self) -> AppealCard:
        if self.confidential:
            object.__setattr__(self, "applicant", self.applicant.without_identity())
        return self


class PushResult(ContractModel):
    """Answer to an appeal push: the UCC number, and what the push changed."""

    regional_id: RegionalId
    ucc_number: UccNumber
    result: Literal["created", "updated", "unchanged"]
    ucc_status: str
    ucc_sub_status: str | None = None


class AppealUpdate(ContractModel):
    """A status change of an appeal already pushed; ``update_id`` makes it idempotent."""

    update_id: UUID
    status: LifecycleStatus
    outcome: Outcome | None = None
    answer_text: str | None = Field(default=None, max_length=20_000)
    answer_date: date | None = Field(default=None, description="Дата відповіді")
    outgoing_number: str | None = Field(default=None, max_length=64, description="Вихідний номер")
    new_due_date: date | None = Field(default=None, description="Вирішити до, after extension")
    occurred_at: AwareDatetime


class UpdateResult(ContractModel):
    """Answer to an update push.

    ``result`` is ``stale`` when the update is older than the last one applied: it is
    recorded but does not overwrite. ``replayed`` is true when the same ``update_id``
    was seen before; the answer then repeats the first decision.
    """

    update_id: UUID
    regional_id: RegionalId
    ucc_number: UccNumber
    result: Literal["applied", "stale"]
    replayed: bool
    ucc_status: str
    ucc_sub_status: str | None = None


class AssignmentBase(ContractModel):
    """One item of the assignment feed; ``item_id`` never changes, so consumers dedupe on it."""

    item_id: str = Field(min_length=1, max_length=64)
    ucc_number: UccNumber
    regional_id: RegionalId | None = Field(
        default=None, description="Known once the region has pushed or linked the appeal."
    )
    issued_at: AwareDatetime


class AppealAssignment(AssignmentBase):
    """An appeal from a 1545 call that the UCC assigned to the region (one per UCC number)."""

    kind: Literal["appeal"] = "appeal"
    ucc_status: str
    ucc_sub_status: str | None = None
    received_at: AwareDatetime
    applicant: Applicant
    confidential: bool = False
    appeal_kind: AppealKind
    subject: AppealSubject = AppealSubject.INDIVIDUAL
    topic_code: str
    text: str
    due_date: date
    needs_callback: bool = False


class InfoRequestAssignment(AssignmentBase):
    """The UCC asks the region for information about an appeal."""

    kind: Literal["info_request"] = "info_request"
    question: str
    due_date: date


class CallbackResultAssignment(AssignmentBase):
    """Result of the UCC's callback survey (Результат зворотного зв'язку)."""

    kind: Literal["callback_result"] = "callback_result"
    satisfied: Satisfaction
    comment: str | None = None
    called_at: AwareDatetime


class ReworkAssignment(AssignmentBase):
    """The UCC returned the answer for rework (на доопрацювання)."""

    kind: Literal["rework"] = "rework"
    reason: str
    due_date: date | None = None


Assignment = Annotated[
    AppealAssignment | InfoRequestAssignment | CallbackResultAssignment | ReworkAssignment,
    Field(discriminator="kind"),
]


class AssignmentPage(ContractModel):
    """One page of the assignment feed.

    Delivery is at least once: an item may repeat within or across pages, and pages may
    arrive out of order, so a consumer must apply items idempotently by ``item_id``.
    ``next_cursor`` is opaque; pass it as ``after`` to continue. It equals the cursor
    given when nothing new is there yet.
    """

    items: tuple[Assignment, ...]
    next_cursor: str | None
    has_more: bool


class AckResult(ContractModel):
    """The region has taken the UCC appeal (the export's «Прийнято» column)."""

    ucc_number: UccNumber
    accepted_at: AwareDatetime
    acknowledged_items: int = Field(ge=0, description="Items of this number acknowledged now")


class UccAppealSummary(ContractModel):
    """What the UCC holds for one appeal: enough to reconcile with the regional registry."""

    ucc_number: UccNumber
    regional_id: RegionalId | None
    ucc_status: str
    ucc_sub_status: str | None
    status: LifecycleStatus | None = Field(
        default=None, description="Last regional status the UCC applied, if any."
    )
    due_date: date | None
    updated_at: AwareDatetime


class AppealListPage(ContractModel):
    """A page of the reconciliation listing; ``next_cursor`` is null on the last page."""

    items: tuple[UccAppealSummary, ...]
    next_cursor: str | None


class FieldProblem(ContractModel):
    """One invalid field of a request, named by its dotted path."""

    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with ``errors`` naming fields on validation failures."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] | None = None
