"""File exchange with the UCC: import of its export file and export of ours in its layout.

An import creates an appeal for each UCC number not yet known (through the same unique
`ucc_link` as the feed, so a file and the feed never double an appeal) and refreshes the
UCC's status, sub-status and due date of the ones already known. Each row gets a verdict
with its reason, in Ukrainian, for the staff member who uploaded the file.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exchange.models import appeal_card, audit_log, ucc_link
from exchange.pull import UccSnapshot, create_from_ucc, derived_id
from exchange.ucc_file import RowResult, UccFileRow
from shared.events import Address, AppealReceived, Applicant
from shared.outbox import Outbox

RowVerdict = Literal["created", "updated", "skipped", "error"]

CHANNEL_LABELS = {
    "hotline": "Гаряча лінія",
    "psychological_support_line": "Лінія психологічної підтримки",
    "web": "Вебпортал",
    "telegram": "Telegram",
    "ucc_1545": "УГЛ (1545)",
    "written": "Письмове звернення",
    "personal_reception": "Особистий прийом",
}
STATUS_LABELS = {
    "received": "Отримано",
    "registered": "Зареєстровано",
    "resolved_on_contact": "Вирішено під час звернення",
    "routed": "Направлено виконавцю",
    "in_work": "В роботі",
    "extended": "Термін продовжено",
    "answered": "Надано відповідь",
    "on_check": "На перевірці",
    "returned_for_rework": "На доопрацюванні",
    "closed": "Закрито",
    "returned_to_applicant": "Повернуто заявнику",
    "forwarded": "Надіслано за належністю",
    "not_considered": "Не підлягає розгляду",
    "redirected": "Переадресовано",
}
SUBJECT_LABELS = {
    "individual": "Індивідуальне",
    "collective": "Колективне",
    "anonymous": "Анонімне",
}
APPLICANT_TYPE_LABELS = {
    "individual": "Фізична особа",
    "legal_entity": "Юридична особа",
    "sole_proprietor": "ФОП",
}
SEX_LABELS = {"male": "Чоловіча", "female": "Жіноча"}
_TOPIC_CODE = re.compile(r"^\s*(\d{3})\b")


@dataclass(frozen=True)
class RowReport:
    row: int
    ucc_number: str | None
    result: RowVerdict
    reason: str
    appeal_id: uuid.UUID | None = None
    errors: tuple[dict[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "ucc_number": self.ucc_number,
            "result": self.result,
            "reason": self.reason,
            "appeal_id": str(self.appeal_id) if self.appeal_id else None,
            "errors": list(self.errors),
        }


def _label_key(labels: dict[str, str], text: str | None) -> str | None:
    if not text:
        return None
    wanted = text.strip().casefold()
    for key, label in labels.items():
        if label.casefold() == wanted or key == wanted:
            return key
    return None


def applicant_from_row(row: UccFileRow) -> Applicant:
    categories = [part.strip() for part in re.split(r"[,;]", row.category or "") if part.strip()]
    applicant_type = _label_key(APPLICANT_TYPE_LABELS, row.applicant_type) or "individual"
    sex = _label_key(SEX_LABELS, row.sex)
    return Applicant.model_validate(
        {
            "full_name": row.applicant,
            "phone": row.phone,
            "email": row.email,
            "address": Address(text=row.address) if row.address else None,
            "applicant_type": applicant_type,
            "organisation_code": row.edrpou_or_tax_id,
            "sex": sex,
            "author_categories": categories,
            "social_status": row.social_status,
        }
    )


def received_from_row(row: UccFileRow, filename: str) -> AppealReceived:
    topic = _TOPIC_CODE.match(row.topic or "")
    return AppealReceived(
        submission_id=derived_id("submission", row.ucc_number),
        channel="ucc",
        received_at=row.created_at,
        applicant=applicant_from_row(row),
        text=row.text or "",
        topic_code=topic.group(1) if topic else None,
        external_number=row.ucc_number,
        details={
            "source": "ucc_file",
            "file": filename[:200],
            "ucc_status": row.status,
            "ucc_sub_status": row.sub_status,
            "ucc_due_date": row.due_date.isoformat() if row.due_date else None,
            "needs_callback": row.needs_callback,
            "topic": row.topic,
        },
    )


async def _import_row(
    session: AsyncSession, outbox: Outbox, result: RowResult, filename: str
) -> RowReport:
    if result.row is None:
        return RowReport(
            row=result.row_number,
            ucc_number=None,
            result="error",
            reason="Рядок містить помилки",
            errors=tuple({"column": e.column, "message": e.message} for e in result.errors),
        )
    row = result.row
    number = row.ucc_number.strip()
    if len(number) > 40:
        return RowReport(
            row=result.row_number,
            ucc_number=number[:40],
            result="error",
            reason="Номер звернення довший за 40 символів",
        )
    own = await session.scalar(
        select(appeal_card.c.appeal_id).where(appeal_card.c.registration_number == number)
    )
    if own is not None:
        return RowReport(
            result.row_number, number, "skipped", "Звернення зареєстроване в нашому центрі", own
        )
    snapshot = UccSnapshot(row.status, row.sub_status, row.due_date)
    link = (await session.execute(select(ucc_link).where(ucc_link.c.ucc_number == number))).first()
    if link is not None:
        known = UccSnapshot(link.ucc_status, link.ucc_sub_status, link.ucc_due_date)
        if known == snapshot:
            return RowReport(result.row_number, number, "skipped", "Без змін", link.appeal_id)
        await session.execute(
            update(ucc_link)
            .where(ucc_link.c.ucc_number == number)
            .values(
                ucc_status=row.status,
                ucc_sub_status=row.sub_status,
                ucc_due_date=row.due_date,
                refreshed_at=datetime.now(UTC),
            )
        )
        return RowReport(
            result.row_number,
            number,
            "updated",
            "Оновлено статус, підстатус або дату «Вирішити до» за даними УКЦ",
            link.appeal_id,
        )
    if not row.text:
        return RowReport(
            result.row_number,
            number,
            "error",
            "Нове звернення не можна створити без змісту",
            errors=({"column": "Зміст", "message": "Обов'язкове поле не заповнене"},),
        )
    created = await create_from_ucc(
        session,
        outbox,
        number,
        received_from_row(row, filename),
        origin="file",
        snapshot=snapshot,
    )
    if created is None:
        return RowReport(result.row_number, number, "skipped", "Звернення вже надійшло з УКЦ")
    return RowReport(result.row_number, number, "created", "Створено нове звернення", created)


async def import_rows(
    session: AsyncSession, outbox: Outbox, results: list[RowResult], filename: str
) -> dict[str, Any]:
    """Apply every row in the caller's transaction and report each one."""
    reports = [await _import_row(session, outbox, result, filename) for result in results]
    totals = dict.fromkeys(("created", "updated", "skipped", "error"), 0)
    for report in reports:
        totals[report.result] += 1
    return {"file": filename, "totals": totals, "rows": [report.as_json() for report in reports]}


def file_row_from_card(record: Any) -> UccFileRow:
    """One row of the UCC layout from our projection of an appeal."""
    card: dict[str, Any] = record.card
    applicant: dict[str, Any] = card.get("applicant", {})
    answer: dict[str, Any] = record.answer or {}
    status = record.status or card.get("status", "registered")
    return UccFileRow.model_validate(
        {
            "source": CHANNEL_LABELS.get(card.get("channel", ""), card.get("channel")),
            "ucc_number": record.ucc_number or record.registration_number,
            "status": record.ucc_status or STATUS_LABELS.get(status, status),
            "sub_status": record.ucc_sub_status if record.ucc_status else None,
            "created_at": record.received_at or card["received_at"],
            "executors": card.get("body"),
            "topic": card.get("topic_code"),
            "text": card.get("text"),
            "changed_at": record.updated_at,
            "subject": SUBJECT_LABELS.get(card.get("subject", "")),
            "applicant": applicant.get("name"),
            "applicant_type": APPLICANT_TYPE_LABELS.get(applicant.get("applicant_type", "")),
            "sex": SEX_LABELS.get(applicant.get("sex", "")),
            "address": applicant.get("address"),
            "phone": applicant.get("phone"),
            "email": applicant.get("email"),
            "social_status": applicant.get("social_status"),
            "category": ", ".join(applicant.get("categories", ())) or None,
            "due_date": card.get("due_date"),
            "answer_date": answer.get("answer_date"),
            "outgoing_number": answer.get("outgoing_number"),
            "comments": f"Реєстраційний номер центру: {record.registration_number}",
        }
    )


async def cards_for_export(
    session: AsyncSession, period_from: datetime, period_to: datetime, limit: int
) -> list[Any]:
    rows = await session.execute(
        select(appeal_card)
        .where(appeal_card.c.received_at >= period_from, appeal_card.c.received_at < period_to)
        .order_by(appeal_card.c.received_at, appeal_card.c.appeal_id)
        .limit(limit + 1)
    )
    return list(rows.all())


async def audit(session: AsyncSession, subject: str, action: str, detail: dict[str, Any]) -> None:
    """Record a read or export of personal data (domain A §6)."""
    await session.execute(
        audit_log.insert().values(
            id=uuid.uuid4(), at=datetime.now(UTC), subject=subject, action=action, detail=detail
        )
    )
