"""The Telegram bot's webhook and the sender that delivers its replies.

One webhook call is one transaction: the update id is claimed (a redelivered update
changes nothing), the chat's dialogue state is loaded and stored back, a finished appeal
is registered with its `appeal.received` event, and every reply is written to the
`telegram_outgoing` table. Only then does the webhook answer 200. A background sender
makes the Bot API calls from that table, in order per chat, retrying with backoff: a
crash or a Telegram outage delays a reply but never loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Header, Request
from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from intake.channels.telegram.bot_api import BotApiClient, BotApiError, secret_token_matches
from intake.channels.telegram.dialogue import (
    DEFAULT_TTL,
    DialogueOutcome,
    DialogueState,
    TelegramAppealDraft,
    handle_update,
)
from intake.channels.telegram.messages import (
    AppealStatusItem,
    Language,
    answer_notification,
    split_for_telegram,
    status_list_message,
)
from intake.citizen_texts import status_name
from intake.config import IntakeSettings
from intake.models import telegram_outgoing, telegram_update
from intake.service import (
    TrackedAppeal,
    Tracking,
    accept_electronic_appeal,
    claim_telegram_update,
    due_telegram_calls,
    enqueue_telegram,
    forget_idle_dialogues,
    load_dialogue,
    mark_telegram_call,
    save_dialogue,
    tracked_in_chat,
)
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.events import Address, Applicant
from shared.service import ServiceRuntime, runtime_of

log = structlog.get_logger(__name__)
router = APIRouter(tags=["telegram"])

SEND_BATCH = 50
MAX_RETRY_DELAY = timedelta(minutes=10)
KEEP_HANDLED = timedelta(days=7)
HOUSEKEEPING_EVERY = 600.0


def install(runtime: ServiceRuntime, settings: IntakeSettings) -> None:
    """Keep the settings for the webhook and, when the bot is on, start its sender."""
    runtime.context["telegram_settings"] = settings
    wake = asyncio.Event()
    runtime.context["telegram_wake"] = wake
    if not settings.telegram_enabled:
        return
    bot = BotApiClient(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        max_attempts=1,
    )
    runtime.context["telegram_bot"] = bot
    runtime.shutdown.append(bot.aclose)

    async def sender(stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            wake.clear()
            busy = await send_due_messages(runtime, bot, settings)
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        _first(stopping, wake), timeout=settings.telegram_send_interval
                    )

    async def housekeeping(stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            async with runtime.transaction() as session:
                await forget_old_telegram_rows(session)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=HOUSEKEEPING_EVERY)

    runtime.background.extend([sender, housekeeping])


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def forget_old_telegram_rows(session: AsyncSession) -> None:
    """Personal data and bookkeeping do not outlive their use."""
    await forget_idle_dialogues(session, older_than=DEFAULT_TTL)
    cutoff = datetime.now(UTC) - KEEP_HANDLED
    await session.execute(delete(telegram_update).where(telegram_update.c.received_at < cutoff))
    await session.execute(
        delete(telegram_outgoing).where(
            telegram_outgoing.c.state != "pending", telegram_outgoing.c.created_at < cutoff
        )
    )


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to (a button press carries the chat of its message)."""
    for key in ("message", "edited_message"):
        message = update.get(key)
        if isinstance(message, dict):
            chat = message.get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return int(chat["id"])
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict):
            chat = message.get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return int(chat["id"])
        sender = query.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


def _stored_state(raw: dict[str, Any] | None) -> DialogueState | None:
    if raw is None:
        return None
    try:
        return DialogueState.model_validate(raw)
    except ValidationError:
        log.warning("unreadable dialogue state dropped")
        return None


@router.post(
    "/telegram/webhook",
    summary="Telegram Bot API webhook (checked by X-Telegram-Bot-Api-Secret-Token)",
    responses={403: {}, 404: {}, 422: {}},
)
async def telegram_webhook(
    request: Request,
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> dict[str, bool]:
    runtime = runtime_of(request)
    settings: IntakeSettings = runtime.context["telegram_settings"]
    if not settings.telegram_enabled:
        raise NotFound("The Telegram bot is not enabled.")
    if not secret_token_matches(secret, settings.telegram_webhook_secret.get_secret_value()):
        raise Forbidden("The webhook secret token does not match.")
    try:
        update = await request.json()
    except ValueError as error:
        raise InvalidInput("The update is not JSON.") from error
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise InvalidInput(
            "An update needs an integer update_id.",
            errors=[{"field": "update_id", "message": "missing or not an integer"}],
        )
    async with runtime.transaction() as session:
        await take_update(
            session, runtime, settings, update, correlation_id=request.state.correlation_id
        )
    runtime.context["telegram_wake"].set()
    return {"ok": True}


async def take_update(
    session: AsyncSession,
    runtime: ServiceRuntime,
    settings: IntakeSettings,
    update: dict[str, Any],
    *,
    correlation_id: str,
) -> None:
    """Everything one update changes, in the caller's transaction."""
    if not await claim_telegram_update(session, int(update["update_id"])):
        return
    chat_id = chat_of(update)
    if chat_id is None:
        return
    state = _stored_state(await load_dialogue(session, chat_id))
    outcome = handle_update(
        state, update, now=datetime.now(UTC), max_photos=settings.telegram_max_photos
    )
    await save_dialogue(
        session, chat_id, outcome.state.model_dump(mode="json") if outcome.state else None
    )
    for reply in outcome.replies:
        payload: dict[str, Any] = {"chat_id": reply.chat_id, "text": reply.text}
        if reply.reply_markup is not None:
            payload["reply_markup"] = reply.reply_markup
        await enqueue_telegram(session, reply.chat_id, "sendMessage", payload)
    if outcome.callback_answer is not None:
        answer: dict[str, Any] = {"callback_query_id": outcome.callback_answer.callback_query_id}
        if outcome.callback_answer.text is not None:
            answer["text"] = outcome.callback_answer.text
        await enqueue_telegram(session, chat_id, "answerCallbackQuery", answer)
    if outcome.submission is not None:
        await register_draft(session, runtime, outcome.submission, correlation_id=correlation_id)
    if outcome.status_requested:
        await send_status_list(session, chat_id, outcome)


async def register_draft(
    session: AsyncSession,
    runtime: ServiceRuntime,
    draft: TelegramAppealDraft,
    *,
    correlation_id: str,
) -> None:
    applicant = Applicant(
        full_name=draft.full_name,
        phone=draft.phone,
        telegram_chat_id=draft.chat_id,
        address=Address(text=draft.address),
    )
    await accept_electronic_appeal(
        session,
        runtime.outbox,
        channel="telegram",
        applicant=applicant,
        text=draft.text,
        language=draft.language,
        anonymous=draft.anonymous,
        files=[],
        tracking_by=Tracking(language=draft.language, telegram_chat_id=draft.chat_id),
        details={
            "consent": True,
            "telegram": {
                "user_id": draft.user_id,
                "username": draft.username,
                "update_id": draft.telegram_update_id,
                "consent_given_at": draft.consent_given_at.isoformat(),
                "photo_file_ids": draft.photo_file_ids,
            },
        },
        correlation_id=correlation_id,
    )


def _language(value: str) -> Language:
    return "ru" if value == "ru" else "uk"


async def send_status_list(session: AsyncSession, chat_id: int, outcome: DialogueOutcome) -> None:
    language = outcome.language
    items = [
        AppealStatusItem(
            registration_number=appeal.registration_number or str(appeal.appeal_id)[:8],
            submitted_on=appeal.submitted_at.date(),
            status_text=status_name(language, appeal.status),
            due_on=appeal.due_date,
        )
        for appeal in await tracked_in_chat(session, chat_id)
    ]
    for chunk in split_for_telegram(status_list_message(language, items)):
        await enqueue_telegram(session, chat_id, "sendMessage", {"chat_id": chat_id, "text": chunk})


async def notify_chat(session: AsyncSession, appeal: TrackedAppeal, *, with_answer: bool) -> None:
    """Tell the citizen in their chat that the appeal was registered, or answered."""
    if appeal.telegram_chat_id is None or appeal.registration_number is None:
        return
    language = _language(appeal.language)
    text = answer_notification(
        language,
        appeal.registration_number,
        status_name(language, appeal.status),
        appeal.answer_text if with_answer else None,
    )
    chat_id = appeal.telegram_chat_id
    for chunk in split_for_telegram(text):
        await enqueue_telegram(session, chat_id, "sendMessage", {"chat_id": chat_id, "text": chunk})


async def send_due_messages(
    runtime: ServiceRuntime, bot: BotApiClient, settings: IntakeSettings
) -> bool:
    """Make the due Bot API calls, oldest first; True when a whole batch was due."""
    async with runtime.transaction() as session:
        calls = await due_telegram_calls(session, limit=SEND_BATCH)
        held_back: set[int] = set()
        for call in calls:
            if call.chat_id in held_back:
                continue
            try:
                await bot.call(call.method, call.payload)
            except BotApiError as error:
                attempts = call.attempts + 1
                if error.is_transient and attempts < settings.telegram_send_max_attempts:
                    delay = timedelta(seconds=error.retry_after or 2**attempts)
                    await mark_telegram_call(
                        session,
                        call.id,
                        state="pending",
                        error=str(error),
                        retry_in=min(delay, MAX_RETRY_DELAY),
                    )
                    held_back.add(call.chat_id)
                else:
                    log.warning("telegram call given up", method=call.method, error=str(error))
                    await mark_telegram_call(session, call.id, state="failed", error=str(error))
                continue
            await mark_telegram_call(session, call.id, state="sent")
    return len(calls) == SEND_BATCH
