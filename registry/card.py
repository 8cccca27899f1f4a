"""The registration card of an appeal, derived from what the channel sent (pure).

The classifier (KMU 858/2008) codes every appeal by form of receipt, type, subject and
author categories; Art. 5 and Art. 8 of the Law decide when a written appeal is anonymous.
Keeping these rules free of the database lets property tests pin them down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from registry.matching import (
    TextFingerprint,
    address_key,
    name_key,
    normalize_email,
    normalize_phone,
    text_fingerprint,
)
from shared.deadlines import complaint_is_late, receipt_date
from shared.events import Address, AppealReceived, AttachmentRef, Channel
from shared.reference import load_classifier, raion_of

Subject = Literal["individual", "collective", "anonymous"]
AppealType = Literal["oral", "letter", "electronic"]

# Classifier section 1 (form of receipt) and section 6 (type) by channel.
FORM_OF_RECEIPT: dict[Channel, str] = {
    "hotline": "1.1.1",
    "support_line": "1.1.1",
    "reception": "1.2",
    "post": "1.1",
    "email": "1.1",
    "web": "1.1",
    "telegram": "1.1",
    "api": "1.6",
    "ucc": "1.6",
}
APPEAL_TYPE: dict[Channel, AppealType] = {
    "hotline": "oral",
    "support_line": "oral",
    "reception": "oral",
    "post": "letter",
    "email": "electronic",
    "web": "electronic",
    "telegram": "electronic",
    "api": "electronic",
    "ucc": "electronic",
}

# Attachments: what the registry records as accepted (the channel keeps the bytes).
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_CONTENT_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/heic",
        "text/plain",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "audio/mpeg",
        "audio/ogg",
    }
)


@dataclass(frozen=True)
class MatchingKeys:
    """Normalised applicant and text keys stored in indexed columns."""

    phone: str | None
    email: str | None
    name: str | None
    address: str | None
    fingerprint: TextFingerprint


@dataclass(frozen=True)
class Card:
    """Everything the registry derives at registration, beside what the channel sent."""

    subject: Subject
    form_of_receipt: str
    appeal_type: AppealType
    priority: bool
    raion: str | None
    hromada: str | None
    anonymous_written: bool
    complaint_late: bool | None
    keys: MatchingKeys


@dataclass(frozen=True)
class AttachmentDecision:
    reference: AttachmentRef
    accepted: bool
    refusal: str | None


def has_place_of_residence(address: Address | None) -> bool:
    """Art. 5: a place of residence is a settlement, a hromada, or an address as written."""
    if address is None:
        return False
    return any((part or "").strip() for part in (address.settlement, address.hromada, address.text))


def subject_of(received: AppealReceived) -> Subject:
    """Classifier section 5: anonymous when the name or the place of residence is missing."""
    applicant = received.applicant
    if not (applicant.full_name or "").strip() or not has_place_of_residence(applicant.address):
        return "anonymous"
    return "collective" if received.collective_signatories else "individual"


def is_privileged(author_categories: list[str]) -> bool:
    """Art. 20: privileged categories are handled first; unknown codes grant nothing."""
    classifier = load_classifier()
    known = {value.code for value in classifier.values("author_category")}
    return classifier.is_privileged(code for code in author_categories if code in known)


def territory_of(received: AppealReceived) -> tuple[str | None, str | None]:
    """(raion, hromada) of the problem: its own location if given, else the address."""
    address = received.problem_location or received.applicant.address
    if address is None:
        return None, None
    hromada = (address.hromada or "").strip() or None
    raion = (address.raion or "").strip() or None
    if raion is None and hromada is not None:
        try:
            unit = raion_of(hromada)
        except KeyError:
            unit = None
        raion = unit.code if unit is not None else None
    return raion, hromada


def late_complaint(received: AppealReceived) -> bool | None:
    """Art. 17 flag for complaints that give both dates; None when it cannot be told."""
    decided, learned = received.complaint_decision_date, received.complaint_learned_date
    if received.kind != "complaint" or decided is None or learned is None:
        return None
    filed: date = receipt_date(received.received_at)
    try:
        return complaint_is_late(decided, learned, filed)
    except ValueError:
        return None


def matching_keys(received: AppealReceived) -> MatchingKeys:
    applicant = received.applicant
    address = applicant.address
    return MatchingKeys(
        phone=normalize_phone(applicant.phone) if applicant.phone else None,
        email=normalize_email(applicant.email) if applicant.email else None,
        name=(name_key(applicant.full_name) or None) if applicant.full_name else None,
        address=(
            address_key(address.settlement, address.street, address.house, address.flat)
            if address
            else None
        ),
        fingerprint=text_fingerprint(received.text),
    )


def card_of(received: AppealReceived) -> Card:
    subject = subject_of(received)
    appeal_type = APPEAL_TYPE[received.channel]
    raion, hromada = territory_of(received)
    return Card(
        subject=subject,
        form_of_receipt=FORM_OF_RECEIPT[received.channel],
        appeal_type=appeal_type,
        priority=is_privileged(received.applicant.author_categories),
        raion=raion,
        hromada=hromada,
        anonymous_written=subject == "anonymous" and appeal_type != "oral",
        complaint_late=late_complaint(received),
        keys=matching_keys(received),
    )


def check_attachments(references: list[AttachmentRef]) -> list[AttachmentDecision]:
    """Record every file the channel named; refuse (with the reason) what breaks the limits."""
    decisions = []
    for index, reference in enumerate(references):
        refusal = None
        if index >= MAX_ATTACHMENTS:
            refusal = f"more than {MAX_ATTACHMENTS} files"
        elif reference.size_bytes > MAX_ATTACHMENT_BYTES:
            refusal = f"larger than {MAX_ATTACHMENT_BYTES} bytes"
        elif reference.content_type.lower() not in ALLOWED_CONTENT_TYPES:
            refusal = f"type {reference.content_type} is not accepted"
        decisions.append(AttachmentDecision(reference, refusal is None, refusal))
    return decisions
