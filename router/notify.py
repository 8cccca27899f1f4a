"""Telling the applicant that the answer is ready, through the channel the appeal came by.

Telegram needs nothing here: the bot consumes `appeal.answered` itself. An e-mail goes through
a notification table and the configured SMTP relay (retried, never lost when the relay is
down); a phone appeal becomes a call-back task for an operator.
"""

from __future__ import annotations

import asyncio
import contextlib
import smtplib
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import structlog
from sqlalchemy import or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from router.config import RouterSettings
from router.delivery import backoff
from router.models import notification
from router.pagination import decode_cursor, encode_cursor
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.errors import Conflict, NotFound
from shared.events import AppealAnswered, AppealRegistered

log = structlog.get_logger(__name__)

PHONE_CHANNELS = frozenset({"hotline", "support_line", "ucc", "reception"})
OUTCOME_TEXTS_UK = {
    "resolved_positively": "вирішено позитивно",
    "explained": "надано роз'яснення",
    "refused": "відмовлено у задоволенні",
    "not_in_competence": "питання не належить до повноважень органу",
    "cannot_do_this_period": "вирішення можливе пізніше",
    "cancelled": "розгляд припинено",
}


def answer_channel(registered: AppealRegistered) -> tuple[str, str] | None:
    """(channel, recipient) for the answer notice, or None when the body's letter is all."""
    applicant = registered.applicant
    if registered.channel == "telegram" and applicant.telegram_chat_id is not None:
        return "telegram", str(applicant.telegram_chat_id)
    if registered.channel in PHONE_CHANNELS and applicant.phone:
        return "callback", applicant.phone
    if applicant.email:
        return "email", applicant.email
    if applicant.phone:
        return "callback", applicant.phone
    return None


def email_text(registered: AppealRegistered, answered: AppealAnswered) -> tuple[str, str]:
    number = registered.registration_number
    greeting = (
        f"Шановний (шановна) {registered.applicant.full_name}!"
        if registered.applicant.full_name
        else "Доброго дня!"
    )
    subject = f"Відповідь на ваше звернення № {number}"
    body = "\n".join(
        [
            greeting,
            "",
            f"На ваше звернення № {number} надійшла відповідь.",
            f"Результат розгляду: {OUTCOME_TEXTS_UK[answered.outcome]}.",
            "",
            answered.answer_text,
            "",
            f"Відповідь підписав(ла): {answered.signed_by}.",
            "Якщо ви не згодні з відповіддю, ви маєте право оскаржити її відповідно до "
            "статті 16 Закону України «Про звернення громадян».",
            "",
            "З повагою,",
            "Регіональний контактний центр",
        ]
    )
    return subject, body


async def schedule_answer_notice(
    session: AsyncSession, case_row: Any, answered: AppealAnswered
) -> str | None:
    """Queue the notice in the answering transaction; the bot covers Telegram."""
    registered = AppealRegistered.model_validate(case_row.registered)
    target = answer_channel(registered)
    if target is None or target[0] == "telegram":
        return target[0] if target else None
    channel, recipient = target
    subject, body = email_text(registered, answered)
    if channel == "callback":
        subject = f"Передзвонити щодо відповіді на звернення № {registered.registration_number}"
    now = datetime.now(UTC)
    await session.execute(
        insert_ignoring_duplicates(notification, dialect_of(session)).values(
            id=uuid.uuid4(),
            appeal_id=case_row.appeal_id,
            channel=channel,
            recipient=recipient,
            subject=subject,
            body=body,
            status="pending",
            next_attempt_at=now,
            created_at=now,
            dedupe_key=f"{case_row.appeal_id}:{answered.answered_at.isoformat()}:{channel}",
        )
    )
    return channel


def _view(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "appeal_id": str(row.appeal_id),
        "channel": row.channel,
        "recipient": row.recipient,
        "subject": row.subject,
        "body": row.body,
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "created_at": row.created_at.isoformat(),
        "done_at": row.done_at.isoformat() if row.done_at else None,
    }


async def list_notifications(
    session: AsyncSession, channel: str, status: str | None, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    query = select(notification).where(notification.c.channel == channel)
    if status is not None:
        query = query.where(notification.c.status == status)
    if cursor:
        moment, last_id = decode_cursor(cursor)
        query = query.where(
            tuple_(notification.c.created_at, notification.c.id) > tuple_(moment, last_id)
        )
    rows = list(
        await session.execute(
            query.order_by(notification.c.created_at, notification.c.id).limit(limit + 1)
        )
    )
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if len(rows) > limit else None
    return [_view(row) for row in page], next_cursor


async def complete_callback(
    session: AsyncSession, callback_id: uuid.UUID, *, actor: str
) -> dict[str, Any]:
    row = (
        await session.execute(
            select(notification)
            .where(notification.c.id == callback_id, notification.c.channel == "callback")
            .with_for_update()
        )
    ).first()
    if row is None:
        raise NotFound(f"No call-back task {callback_id}.")
    if row.status == "done":
        raise Conflict("This call-back is already done.")
    await session.execute(
        update(notification)
        .where(notification.c.id == callback_id)
        .values(status="done", done_at=datetime.now(UTC), done_by=actor)
    )
    updated = (
        await session.execute(select(notification).where(notification.c.id == callback_id))
    ).one()
    return _view(updated)


class EmailSender:
    """Sends queued e-mails through the SMTP relay; smtplib runs in a worker thread."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], settings: RouterSettings
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings

    def _send(self, recipient: str, subject: str, body: str) -> None:
        settings = self.settings
        assert settings.smtp_host is not None
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = recipient
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="contact-center.local")
        message.set_content(body)
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as client:
            if settings.smtp_starttls:
                client.starttls()
            if settings.smtp_username and settings.smtp_password:
                client.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            client.send_message(message)

    async def _lease(self) -> list[Any]:
        now = datetime.now(UTC)
        async with self.sessionmaker() as session, session.begin():
            rows = list(
                await session.execute(
                    select(notification)
                    .where(
                        notification.c.channel == "email",
                        notification.c.status == "pending",
                        notification.c.next_attempt_at <= now,
                        or_(
                            notification.c.leased_until.is_(None),
                            notification.c.leased_until < now,
                        ),
                    )
                    .order_by(notification.c.next_attempt_at)
                    .limit(20)
                    .with_for_update(skip_locked=True)
                )
            )
            if rows:
                await session.execute(
                    update(notification)
                    .where(notification.c.id.in_([row.id for row in rows]))
                    .values(leased_until=now + timedelta(minutes=2))
                )
        return rows

    async def send_one(self, row: Any) -> None:
        values: dict[str, Any]
        try:
            await asyncio.to_thread(self._send, row.recipient, row.subject, row.body)
        except (OSError, smtplib.SMTPException) as error:
            attempts = row.attempts + 1
            dead = attempts >= self.settings.notification_max_attempts
            log.warning("e-mail notice failed", notification_id=str(row.id), error=repr(error))
            values = {
                "attempts": attempts,
                "last_error": repr(error)[:2000],
                "next_attempt_at": datetime.now(UTC) + backoff(attempts, base=5.0, cap=3600.0),
                "leased_until": None,
                "status": "dead" if dead else "pending",
            }
        else:
            values = {"status": "sent", "done_at": datetime.now(UTC), "leased_until": None}
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(notification).where(notification.c.id == row.id).values(**values)
            )

    async def run(self, stopping: asyncio.Event) -> None:
        if self.settings.smtp_host is None:
            log.info("no SMTP relay configured; e-mail notices wait in the table")
            return
        while not stopping.is_set():
            rows = await self._lease()
            for row in rows:
                await self.send_one(row)
            if rows:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.notification_poll_interval)
