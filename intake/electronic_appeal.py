"""What makes a web appeal complete under Art. 5, checked with words a citizen understands.

Art. 5 asks an electronic appeal for the applicant's name, place of residence, the essence
and an e-mail or other contact for the reply. The essence, a contact and the consent to
the processing of personal data are required here. A missing name or place of residence
does not stop the appeal: it is accepted and passed on marked anonymous, because deciding
that an anonymous appeal is not considered (Art. 8) is the registry's recorded decision,
never a refusal at the door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intake.channels.telegram.dialogue import parse_ukrainian_phone
from intake.citizen_texts import Language, portal_texts

MIN_TEXT_LENGTH = 10
MAX_NAME_LENGTH = 300
MAX_RESIDENCE_LENGTH = 300
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_FOREIGN_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")
_PHONE_FILLER = re.compile(r"[\s\-().]")


@dataclass(frozen=True)
class ElectronicAppealInput:
    """The form's fields as the citizen typed them."""

    full_name: str = ""
    residence: str = ""
    text: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False
    language: Language = "uk"


@dataclass(frozen=True)
class ElectronicAppeal:
    """A complete electronic appeal, normalised."""

    full_name: str | None
    residence: str | None
    text: str
    email: str | None
    phone: str | None
    language: Language
    anonymous: bool


@dataclass
class Checked:
    appeal: ElectronicAppeal | None
    errors: dict[str, str] = field(default_factory=dict)


def normalise_phone(raw: str) -> str | None:
    """A Ukrainian number in +380 form, or an international one in E.164; else None."""
    ukrainian = parse_ukrainian_phone(raw)
    if ukrainian is not None:
        return ukrainian
    compact = _PHONE_FILLER.sub("", raw.strip())
    return compact if _FOREIGN_PHONE.fullmatch(compact) else None


def check_electronic_appeal(form: ElectronicAppealInput, *, max_text_length: int) -> Checked:
    """The appeal, or a message for each field the citizen must correct."""
    texts = portal_texts(form.language)
    errors: dict[str, str] = {}
    full_name = " ".join(form.full_name.split())
    residence = " ".join(form.residence.split())
    text = form.text.strip()
    email = form.email.strip()
    phone_raw = form.phone.strip()

    if len(full_name) > MAX_NAME_LENGTH:
        errors["full_name"] = texts.name_too_long.format(max=MAX_NAME_LENGTH)
    if len(residence) > MAX_RESIDENCE_LENGTH:
        errors["residence"] = texts.residence_too_long.format(max=MAX_RESIDENCE_LENGTH)
    if not text:
        errors["text"] = texts.text_missing
    elif len(text) < MIN_TEXT_LENGTH:
        errors["text"] = texts.text_too_short.format(min=MIN_TEXT_LENGTH)
    elif len(text) > max_text_length:
        errors["text"] = texts.text_too_long.format(length=len(text), max=max_text_length)
    if email and not _EMAIL.fullmatch(email):
        errors["email"] = texts.email_invalid
    phone = normalise_phone(phone_raw) if phone_raw else None
    if phone_raw and phone is None:
        errors["phone"] = texts.phone_invalid
    if not email and not phone_raw:
        errors["contact"] = texts.contact_missing
    if not form.consent:
        errors["consent"] = texts.consent_missing
    if errors:
        return Checked(appeal=None, errors=errors)
    return Checked(
        appeal=ElectronicAppeal(
            full_name=full_name or None,
            residence=residence or None,
            text=text,
            email=email or None,
            phone=phone,
            language=form.language,
            anonymous=not full_name or not residence,
        )
    )
