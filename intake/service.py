"""Intake's use cases: the only place where intake changes state.

Every function takes the caller's session and never commits: the request handler's (or the
consumer's) transaction commits the submission together with its outgoing event, so
nothing is acknowledged that is not stored, and nothing stored goes unannounced.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.attachments import CheckedFile
from intake.electronic_appeal import ElectronicAppeal
from intake.models import (
    attachment,
    audit_log,
    consultation,
    psychologist_transfer,
    submission,
    support_call,
    telegram_dialogue,
    telegram_outgoing,
    telegram_update,
    tracking,
)
from intake.schemas import (
    Accepted,
    AppealSubmission,
    ConsultationIn,
    ConsultationOut,
    OralAppeal,
    SupportCallIn,
    SupportCallOut,
    TransferIn,
    TransferOut,
)
from shared.auth import Principal
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.errors import NotFound
from shared.events import (
    Address,
    AppealReceived,
    Applicant,
    AttachmentRef,
    ConsultationRecorded,
    make_envelope,
)
from shared.outbox import Outbox

PRODUCER = "intake"


async def record_submission(
    session: AsyncSession,
    outbox: Outbox,
    event: AppealReceived,
    *,
    appeal_id: uuid.UUID,
    submitted_by: str,
    correlation_id: str,
) -> Accepted:
    """Store the submission and its `appeal.received` event in the caller's transaction."""
    await session.execute(
        submission.insert().values(
            id=event.submission_id,
            appeal_id=appeal_id,
            channel=event.channel,
            received_at=event.received_at,
            submitted_by=submitted_by,
            payload=event.model_dump(mode="json"),
        )
    )
    await outbox.add(
        session,
        make_envelope(event, producer=PRODUCER, appeal_id=appeal_id, correlation_id=correlation_id),
    )
    return Accepted(submission_id=event.submission_id, appeal_id=appeal_id)


async def accept_appeal(
    session: AsyncSession,
    outbox: Outbox,
    appeal: AppealSubmission,
    *,
    submitted_by: Principal,
    correlation_id: str,
) -> Accepted:
    """An appeal handed over whole by an operator's form or another system."""
    event = AppealReceived(
        submission_id=uuid.uuid4(),
        channel=appeal.channel,
        received_at=datetime.now(UTC),
        applicant=Applicant.model_validate(appeal.applicant.model_dump()),
        text=appeal.text,
        topic_code=appeal.topic_code,
        kind=appeal.kind,
        confidential=appeal.confidential,
        needs_no_further_study=appeal.needs_no_further_study,
    )
    return await record_submission(
        session,
        outbox,
        event,
        appeal_id=uuid.uuid4(),
        submitted_by=submitted_by.subject,
        correlation_id=correlation_id,
    )


async def accept_oral_appeal(
    session: AsyncSession,
    outbox: Outbox,
    appeal: OralAppeal,
    *,
    operator: Principal,
    correlation_id: str,
) -> Accepted:
    """An oral appeal the operator records during a call (hotline or support line).

    Appeals from the psychological-support line are confidential unless the operator
    says otherwise: the callers are veterans and their families (Part A §8).
    """
    channel = appeal.call.channel
    confidential = (
        appeal.confidential if appeal.confidential is not None else channel == "support_line"
    )
    applicant = Applicant.model_validate(appeal.applicant.model_dump())
    if applicant.phone is None and appeal.call.caller_number:
        applicant = applicant.model_copy(update={"phone": appeal.call.caller_number})
    event = AppealReceived(
        submission_id=uuid.uuid4(),
        channel=channel,
        received_at=datetime.now(UTC),
        applicant=applicant,
        text=appeal.text,
        topic_code=appeal.topic_code,
        kind=appeal.kind,
        confidential=confidential,
        needs_no_further_study=appeal.needs_no_further_study,
        language=appeal.language,
        details={**appeal.call.details(), "form": "oral", "recorded_by": operator.subject},
    )
    return await record_submission(
        session,
        outbox,
        event,
        appeal_id=uuid.uuid4(),
        submitted_by=operator.subject,
        correlation_id=correlation_id,
    )


async def record_consultation(
    session: AsyncSession,
    outbox: Outbox,
    entry: ConsultationIn,
    *,
    operator: Principal,
    correlation_id: str,
) -> ConsultationOut:
    """A question answered on the spot: stored and counted, never registered as an appeal."""
    consultation_id = uuid.uuid4()
    recorded_at = datetime.now(UTC)
    channel = entry.call.channel
    await session.execute(
        consultation.insert().values(
            id=consultation_id,
            channel=channel,
            line=entry.call.line,
            call_id=entry.call.call_id,
            caller_number=entry.call.caller_number,
            call_started_at=entry.call.started_at,
            call_ended_at=entry.call.ended_at,
            topic_code=entry.topic_code,
            question=entry.question,
            answer=entry.answer,
            recorded_by=operator.subject,
            recorded_at=recorded_at,
        )
    )
    event = ConsultationRecorded(
        consultation_id=consultation_id,
        channel=channel,
        topic_code=entry.topic_code,
        call_started_at=entry.call.started_at,
        recorded_at=recorded_at,
    )
    envelope = make_envelope(
        event, producer=PRODUCER, appeal_id=None, correlation_id=correlation_id
    )
    await outbox.add(session, envelope)
    return ConsultationOut(
        consultation_id=consultation_id,
        channel=channel,
        topic_code=entry.topic_code,
        recorded_at=recorded_at,
    )


async def record_support_call(
    session: AsyncSession, call: SupportCallIn, *, operator: Principal
) -> SupportCallOut:
    support_call_id = uuid.uuid4()
    recorded_at = datetime.now(UTC)
    await session.execute(
        support_call.insert().values(
            id=support_call_id,
            call_id=call.call_id,
            caller_number=call.caller_number,
            call_started_at=call.started_at,
            call_ended_at=call.ended_at,
            caller_category=call.caller_category,
            summary=call.summary,
            recorded_by=operator.subject,
            recorded_at=recorded_at,
        )
    )
    return SupportCallOut(
        support_call_id=support_call_id,
        call_id=call.call_id,
        caller_number=call.caller_number,
        started_at=call.started_at,
        ended_at=call.ended_at,
        caller_category=call.caller_category,
        summary=call.summary,
        recorded_by=operator.subject,
        recorded_at=recorded_at,
    )


async def record_transfer(
    session: AsyncSession, support_call_id: uuid.UUID, transfer: TransferIn, *, operator: Principal
) -> TransferOut:
    """Record that a support-line call was put through to a psychologist."""
    exists = await session.scalar(
        select(support_call.c.id).where(support_call.c.id == support_call_id)
    )
    if exists is None:
        raise NotFound(f"No support-line call {support_call_id}.")
    transfer_id = uuid.uuid4()
    await session.execute(
        psychologist_transfer.insert().values(
            id=transfer_id,
            support_call_id=support_call_id,
            psychologist=transfer.psychologist,
            transferred_at=transfer.transferred_at,
            outcome=transfer.outcome,
            note=transfer.note,
            recorded_by=operator.subject,
            recorded_at=datetime.now(UTC),
        )
    )
    return TransferOut(
        transfer_id=transfer_id,
        psychologist=transfer.psychologist,
        transferred_at=transfer.transferred_at,
        outcome=transfer.outcome,
        note=transfer.note,
        recorded_by=operator.subject,
    )


async def support_calls(
    session: AsyncSession, *, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[SupportCallOut]:
    """Support-line calls, newest first, each with its transfers."""
    query = select(support_call).order_by(
        support_call.c.recorded_at.desc(), support_call.c.id.desc()
    )
    if after is not None:
        at, last_id = after
        query = query.where(
            or_(
                support_call.c.recorded_at < at,
                and_(support_call.c.recorded_at == at, support_call.c.id < last_id),
            )
        )
    rows = (await session.execute(query.limit(limit))).mappings().all()
    ids = [row["id"] for row in rows]
    transfers: dict[uuid.UUID, list[TransferOut]] = {}
    if ids:
        transfer_rows = (
            await session.execute(
                select(psychologist_transfer)
                .where(psychologist_transfer.c.support_call_id.in_(ids))
                .order_by(psychologist_transfer.c.transferred_at)
            )
        ).mappings()
        for transfer in transfer_rows:
            transfers.setdefault(transfer["support_call_id"], []).append(
                TransferOut(
                    transfer_id=transfer["id"],
                    psychologist=transfer["psychologist"],
                    transferred_at=transfer["transferred_at"],
                    outcome=transfer["outcome"],
                    note=transfer["note"],
                    recorded_by=transfer["recorded_by"],
                )
            )
    return [
        SupportCallOut(
            support_call_id=row["id"],
            call_id=row["call_id"],
            caller_number=row["caller_number"],
            started_at=row["call_started_at"],
            ended_at=row["call_ended_at"],
            caller_category=row["caller_category"],
            summary=row["summary"],
            recorded_by=row["recorded_by"],
            recorded_at=row["recorded_at"],
            transfers=transfers.get(row["id"], []),
        )
        for row in rows
    ]


async def audit(session: AsyncSession, *, actor: str, action: str, target: str) -> None:
    """Every read of personal data through intake leaves a trace (Part A §6)."""
    await session.execute(
        audit_log.insert().values(
            id=uuid.uuid4(), at=datetime.now(UTC), actor=actor, action=action, target=target
        )
    )


# -- electronic appeals (web portal, Telegram) and what the citizen may see of them -----


@dataclass(frozen=True)
class Tracking:
    """How the citizen follows the appeal: a lookup code, the Telegram chat, or both."""

    language: str
    lookup_code_hash: str | None = None
    telegram_chat_id: int | None = None


async def accept_electronic_appeal(
    session: AsyncSession,
    outbox: Outbox,
    *,
    channel: str,
    applicant: Applicant,
    text: str,
    language: str,
    anonymous: bool,
    files: list[CheckedFile],
    tracking_by: Tracking,
    details: dict[str, Any],
    correlation_id: str,
    appeal_id: uuid.UUID | None = None,
) -> Accepted:
    """A written appeal from the portal or the bot, with its files and its public tracking."""
    appeal_id = appeal_id or uuid.uuid4()
    received_at = datetime.now(UTC)
    references: list[AttachmentRef] = [file.reference() for file in files]
    event = AppealReceived.model_validate(
        {
            "submission_id": uuid.uuid4(),
            "channel": channel,
            "received_at": received_at,
            "applicant": applicant,
            "text": text,
            "language": language,
            "anonymous": anonymous,
            "attachments": references,
            "details": {**details, "form": "electronic"},
        }
    )
    accepted = await record_submission(
        session,
        outbox,
        event,
        appeal_id=appeal_id,
        submitted_by=f"{channel}:citizen",
        correlation_id=correlation_id,
    )
    for file in files:
        await session.execute(
            attachment.insert().values(
                id=file.id,
                appeal_id=appeal_id,
                filename=file.filename,
                content_type=file.content_type,
                size=len(file.content),
                sha256=file.sha256,
                content=file.content,
                created_at=received_at,
            )
        )
    await session.execute(
        tracking.insert().values(
            appeal_id=appeal_id,
            channel=channel,
            language=tracking_by.language,
            submitted_at=received_at,
            lookup_code_hash=tracking_by.lookup_code_hash,
            telegram_chat_id=tracking_by.telegram_chat_id,
            status="received",
        )
    )
    return accepted


def web_applicant(appeal: ElectronicAppeal) -> Applicant:
    return Applicant(
        full_name=appeal.full_name,
        email=appeal.email,
        phone=appeal.phone,
        address=Address(text=appeal.residence) if appeal.residence else None,
    )


async def read_attachment(session: AsyncSession, attachment_id: uuid.UUID) -> dict[str, Any]:
    row = (
        (await session.execute(select(attachment).where(attachment.c.id == attachment_id)))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"No attachment {attachment_id}.")
    return dict(row)


@dataclass(frozen=True)
class TrackedAppeal:
    appeal_id: uuid.UUID
    channel: str
    language: str
    submitted_at: datetime
    lookup_code_hash: str | None
    telegram_chat_id: int | None
    registration_number: str | None
    status: str
    body_code: str | None
    due_date: date | None
    outcome: str | None
    answer_text: str | None
    answered_at: datetime | None


def _tracked(row: Any) -> TrackedAppeal:
    return TrackedAppeal(
        appeal_id=row["appeal_id"],
        channel=row["channel"],
        language=row["language"],
        submitted_at=row["submitted_at"],
        lookup_code_hash=row["lookup_code_hash"],
        telegram_chat_id=row["telegram_chat_id"],
        registration_number=row["registration_number"],
        status=row["status"],
        body_code=row["body_code"],
        due_date=row["due_date"],
        outcome=row["outcome"],
        answer_text=row["answer_text"],
        answered_at=row["answered_at"],
    )


async def find_tracked(session: AsyncSession, number_or_reference: str) -> TrackedAppeal | None:
    """By registration number, or by the submission reference shown before registration."""
    wanted = number_or_reference.strip()
    condition = tracking.c.registration_number == wanted
    with contextlib.suppress(ValueError):
        condition = or_(condition, tracking.c.appeal_id == uuid.UUID(wanted))
    row = (await session.execute(select(tracking).where(condition))).mappings().first()
    return None if row is None else _tracked(row)


async def tracked_in_chat(session: AsyncSession, chat_id: int) -> list[TrackedAppeal]:
    rows = (
        await session.execute(
            select(tracking)
            .where(tracking.c.telegram_chat_id == chat_id)
            .order_by(tracking.c.submitted_at.desc())
            .limit(50)
        )
    ).mappings()
    return [_tracked(row) for row in rows]


async def project_status(
    session: AsyncSession,
    appeal_id: uuid.UUID,
    *,
    status: str,
    at: datetime,
    **values: Any,
) -> TrackedAppeal | None:
    """Apply one event to the citizen's view of an appeal, tolerating any arrival order.

    The columns an event carries are always set; the status moves only when the event is
    not older than the one that set the current status. Appeals intake did not take from a
    citizen (operator, UCC) have no row and are left alone.
    """
    if values:
        await session.execute(
            update(tracking).where(tracking.c.appeal_id == appeal_id).values(**values)
        )
    await session.execute(
        update(tracking)
        .where(
            tracking.c.appeal_id == appeal_id,
            or_(tracking.c.status_changed_at.is_(None), tracking.c.status_changed_at <= at),
        )
        .values(status=status, status_changed_at=at)
    )
    row = (
        (await session.execute(select(tracking).where(tracking.c.appeal_id == appeal_id)))
        .mappings()
        .first()
    )
    return None if row is None else _tracked(row)


# -- Telegram: dialogue rows, update de-duplication, durable outgoing messages ----------


async def claim_telegram_update(session: AsyncSession, update_id: int) -> bool:
    """False when this update was already taken (Telegram redelivers on a slow answer)."""
    claimed = await session.execute(
        insert_ignoring_duplicates(telegram_update, dialect_of(session))
        .values(update_id=update_id, received_at=datetime.now(UTC))
        .returning(telegram_update.c.update_id)
    )
    return claimed.first() is not None


async def load_dialogue(session: AsyncSession, chat_id: int) -> dict[str, Any] | None:
    """The stored state of a chat, locked against a concurrent update of the same chat."""
    state = await session.scalar(
        select(telegram_dialogue.c.state)
        .where(telegram_dialogue.c.chat_id == chat_id)
        .with_for_update()
    )
    return None if state is None else dict(state)


async def save_dialogue(session: AsyncSession, chat_id: int, state: dict[str, Any] | None) -> None:
    await session.execute(delete(telegram_dialogue).where(telegram_dialogue.c.chat_id == chat_id))
    if state is not None:
        await session.execute(
            telegram_dialogue.insert().values(
                chat_id=chat_id, state=state, updated_at=datetime.now(UTC)
            )
        )


async def forget_idle_dialogues(session: AsyncSession, *, older_than: timedelta) -> int:
    """Unfinished dialogues hold personal data: they are not kept past their lifetime."""
    result = await session.execute(
        delete(telegram_dialogue).where(
            telegram_dialogue.c.updated_at < datetime.now(UTC) - older_than
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def enqueue_telegram(
    session: AsyncSession, chat_id: int, method: str, payload: dict[str, Any]
) -> None:
    """A Bot API call to make once this transaction commits (the sender loop makes it)."""
    now = datetime.now(UTC)
    await session.execute(
        telegram_outgoing.insert().values(
            chat_id=chat_id,
            method=method,
            payload=payload,
            created_at=now,
            state="pending",
            attempts=0,
            next_attempt_at=now,
        )
    )


@dataclass(frozen=True)
class OutgoingCall:
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int


async def due_telegram_calls(session: AsyncSession, *, limit: int) -> list[OutgoingCall]:
    """Pending calls whose time has come, oldest first, locked for this sender."""
    rows = (
        await session.execute(
            select(telegram_outgoing)
            .where(
                telegram_outgoing.c.state == "pending",
                telegram_outgoing.c.next_attempt_at <= datetime.now(UTC),
            )
            .order_by(telegram_outgoing.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).mappings()
    return [
        OutgoingCall(
            id=row["id"],
            chat_id=row["chat_id"],
            method=row["method"],
            payload=dict(row["payload"]),
            attempts=row["attempts"],
        )
        for row in rows
    ]


async def mark_telegram_call(
    session: AsyncSession,
    call_id: int,
    *,
    state: str,
    error: str | None = None,
    retry_in: timedelta | None = None,
) -> None:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "state": state,
        "attempts": telegram_outgoing.c.attempts + 1,
        "last_error": error[:500] if error else None,
    }
    if state == "sent":
        values["sent_at"] = now
    if retry_in is not None:
        values["next_attempt_at"] = now + retry_in
    await session.execute(
        update(telegram_outgoing).where(telegram_outgoing.c.id == call_id).values(**values)
    )


async def pending_telegram_count(session: AsyncSession) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(telegram_outgoing)
            .where(telegram_outgoing.c.state == "pending")
        )
        or 0
    )
