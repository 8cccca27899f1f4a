"""The Telegram dialogue that collects an electronic appeal, as a pure state machine.

Art. 5 of the Law on Citizens' Appeals asks an electronic appeal for the applicant's full
name, place of residence, the essence and a contact for the reply. The dialogue asks for
them one step at a time, shows a summary, takes explicit consent to the processing of
personal data and hands intake a `TelegramAppealDraft`.

`handle_update` does no I/O: intake loads the stored `DialogueState` of the chat, calls
it with one webhook update, sends the replies, stores the new state and registers the
submission, if any. The state is a JSON-serialisable pydantic model so a dialogue
survives a restart of the service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from intake.channels.telegram.messages import (
    TELEGRAM_MESSAGE_LIMIT,
    BotTexts,
    Language,
    texts_for,
)

DEFAULT_TTL = timedelta(hours=24)
"""An unfinished dialogue older than this is discarded; its data must not linger."""

DEFAULT_RESUME_REMINDER_AFTER = timedelta(minutes=30)
"""After a pause this long, a returning citizen is reminded where the dialogue stopped."""

DEFAULT_MAX_PHOTOS = 5
MIN_TEXT_LENGTH = 20
MAX_TEXT_LENGTH = 4000
MAX_NAME_LENGTH = 150
MIN_ADDRESS_LENGTH = 5
MAX_ADDRESS_LENGTH = 300

_NAME_WORD_SEPARATORS = "-'’ʼ`"
_PHONE_FILLER = re.compile(r"[\s\-().]")
_CONSENT_WORDS = {"так", "згоден", "згодна", "погоджуюся", "погоджуюсь", "да", "согласен"}
_REFUSAL_WORDS = {"ні", "нет", "не згоден", "не згодна", "не согласен", "не согласна"}
_PHOTOS_DONE_WORDS = {"готово", "далі", "далее", "все", "усе", "всё", "пропустити", "пропустить"}
_LANGUAGE_WORDS: dict[str, Language] = {
    "русский": "ru",
    "русский язык": "ru",
    "російська": "ru",
    "українська": "uk",
    "українська мова": "uk",
    "украинский": "uk",
}


class Step(StrEnum):
    """Where the dialogue stands: the question the citizen is answering now."""

    NAME = "name"
    PHONE = "phone"
    ADDRESS = "address"
    TEXT = "text"
    PHOTOS = "photos"
    REVIEW = "review"
    CONSENT = "consent"


_NEXT_STEP: dict[Step, Step] = {
    Step.NAME: Step.PHONE,
    Step.PHONE: Step.ADDRESS,
    Step.ADDRESS: Step.TEXT,
    Step.TEXT: Step.PHOTOS,
    Step.PHOTOS: Step.REVIEW,
    Step.REVIEW: Step.CONSENT,
}
_EDIT_TARGETS = {"name": Step.NAME, "phone": Step.PHONE, "address": Step.ADDRESS}
_EDIT_TARGETS |= {"text": Step.TEXT, "photos": Step.PHOTOS}


class DialogueState(BaseModel):
    """Everything the bot remembers about one citizen's unfinished appeal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    chat_id: int
    user_id: int
    username: str | None = None
    step: Step = Step.NAME
    language: Language = "uk"
    full_name: str | None = None
    anonymous: bool = False
    phone: str | None = None
    address: str | None = None
    text: str | None = None
    photo_file_ids: tuple[str, ...] = ()
    returning_to_review: bool = False
    last_answer_message_id: int | None = None
    last_answer_step: Step | None = None
    last_update_id: int | None = None
    started_at: datetime
    updated_at: datetime


class OutgoingMessage(BaseModel):
    """A sendMessage call intake makes on the dialogue's behalf."""

    model_config = ConfigDict(frozen=True)

    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None = None


class CallbackAnswer(BaseModel):
    """The answerCallbackQuery call that stops the spinner on the citizen's button."""

    model_config = ConfigDict(frozen=True)

    callback_query_id: str
    text: str | None = None


class TelegramAppealDraft(BaseModel):
    """A complete electronic appeal collected in Telegram, ready for intake to register.

    `anonymous` is set when the citizen chose not to give a name: intake still registers
    the appeal, and the decision under Art. 8 is the registry's, never a silent drop.
    """

    model_config = ConfigDict(frozen=True)

    chat_id: int
    user_id: int
    username: str | None
    full_name: str | None
    anonymous: bool
    phone: str | None
    address: str
    text: str
    photo_file_ids: list[str]
    language: Language
    consent_given_at: datetime
    telegram_update_id: int


class DialogueOutcome(BaseModel):
    """What one update changed: the state to store, replies to send, and what to register."""

    state: DialogueState | None
    replies: list[OutgoingMessage] = Field(default_factory=list)
    submission: TelegramAppealDraft | None = None
    callback_answer: CallbackAnswer | None = None
    status_requested: bool = False
    language: Language = "uk"
    chat_id: int | None = None


def parse_ukrainian_phone(raw: str) -> str | None:
    """Canonical +380XXXXXXXXX form of a Ukrainian number written the usual ways, else None."""
    compact = _PHONE_FILLER.sub("", raw.strip())
    if not re.fullmatch(r"\+?\d+", compact):
        return None
    digits = compact.removeprefix("+")
    if compact.startswith("+") and not digits.startswith("380"):
        return None
    if len(digits) == 12 and digits.startswith("380"):
        national = digits[3:]
    elif len(digits) == 11 and digits.startswith("80"):
        national = digits[2:]
    elif len(digits) == 10 and digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if national.startswith("0"):
        return None
    return f"+380{national}"


def _normalise_contact_phone(raw: str) -> str:
    """A shared contact is the citizen's own verified number; keep foreign numbers too."""
    ukrainian = parse_ukrainian_phone(raw)
    if ukrainian is not None:
        return ukrainian
    return "+" + re.sub(r"\D", "", raw)


def _collapse_spaces(value: str) -> str:
    return " ".join(value.split())


def validate_full_name(raw: str) -> str | None:
    """Surname and name (patronymic optional, for foreigners), letters only, else None."""
    name = _collapse_spaces(raw)
    words = name.split(" ")
    if not 2 <= len(words) <= 6 or len(name) > MAX_NAME_LENGTH:
        return None
    for word in words:
        letters = [char for char in word if char not in _NAME_WORD_SEPARATORS]
        if not letters or not all(char.isalpha() for char in letters):
            return None
    return name


def validate_address(raw: str) -> str | None:
    """A place of residence that has some words in it, within sensible length, else None."""
    address = _collapse_spaces(raw)
    letters = sum(char.isalpha() for char in address)
    if not MIN_ADDRESS_LENGTH <= len(address) <= MAX_ADDRESS_LENGTH or letters < 3:
        return None
    return address


class _User(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    is_bot: bool = False
    username: str | None = None


class _Chat(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    type: str


class _Contact(BaseModel):
    model_config = ConfigDict(extra="ignore")

    phone_number: str
    user_id: int | None = None


class _PhotoSize(BaseModel):
    model_config = ConfigDict(extra="ignore")

    file_id: str
    width: int = 0
    height: int = 0


class _Document(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mime_type: str | None = None


class _Message(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    message_id: int
    sender: _User | None = Field(default=None, alias="from")
    chat: _Chat
    text: str | None = None
    caption: str | None = None
    contact: _Contact | None = None
    photo: list[_PhotoSize] | None = None
    document: _Document | None = None

    def kind(self) -> str:
        """The content type, in the order Telegram nests them (an animation is a document)."""
        extra = self.model_extra or {}
        if self.contact is not None:
            return "contact"
        if self.photo:
            return "photo"
        for kind in ("sticker", "voice", "video_note", "video", "animation", "audio"):
            if kind in extra:
                return kind
        if self.document is not None:
            return "document"
        for kind in ("venue", "location"):
            if kind in extra:
                return "location"
        if self.text is not None:
            return "text"
        return "other"

    def command(self) -> str | None:
        """`/start@DniproBot payload` gives "/start"; plain text gives None."""
        if self.text is None or not self.text.startswith("/"):
            return None
        return self.text.split(maxsplit=1)[0].split("@", 1)[0].lower()


class _CallbackQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    id: str
    sender: _User = Field(alias="from")
    message: _Message | None = None
    data: str | None = None


class _Limits(BaseModel):
    model_config = ConfigDict(frozen=True)

    max_photos: int
    ttl: timedelta
    resume_reminder_after: timedelta
    min_text_length: int
    max_text_length: int


def handle_update(
    state: DialogueState | None,
    update: Mapping[str, Any],
    *,
    now: datetime,
    max_photos: int = DEFAULT_MAX_PHOTOS,
    ttl: timedelta = DEFAULT_TTL,
    resume_reminder_after: timedelta = DEFAULT_RESUME_REMINDER_AFTER,
    min_text_length: int = MIN_TEXT_LENGTH,
    max_text_length: int = MAX_TEXT_LENGTH,
) -> DialogueOutcome:
    """Advance one chat's dialogue by one Bot API update.

    `state` is what was stored for the update's chat (None when no dialogue is open);
    `now` must be timezone-aware. An update whose id is not newer than the last one seen
    is a redelivery and changes nothing.
    """
    limits = _Limits(
        max_photos=max_photos,
        ttl=ttl,
        resume_reminder_after=resume_reminder_after,
        min_text_length=min_text_length,
        max_text_length=max_text_length,
    )
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        return _unchanged(state)
    last_seen = state.last_update_id if state is not None else None
    if last_seen is not None and update_id <= last_seen:
        return _unchanged(state)
    try:
        message = _Message.model_validate(update["message"]) if "message" in update else None
        edited = (
            _Message.model_validate(update["edited_message"])
            if "edited_message" in update
            else None
        )
        query = (
            _CallbackQuery.model_validate(update["callback_query"])
            if "callback_query" in update
            else None
        )
    except ValidationError:
        return _unchanged(state)
    turn = _Turn(state=state, update_id=update_id, now=now, limits=limits)
    if message is not None:
        turn.on_message(message)
    elif edited is not None:
        turn.on_edited_message(edited)
    elif query is not None:
        turn.on_callback(query)
    else:
        return _unchanged(state)
    return turn.outcome()


def _unchanged(state: DialogueState | None) -> DialogueOutcome:
    language: Language = state.language if state is not None else "uk"
    chat_id = state.chat_id if state is not None else None
    return DialogueOutcome(state=state, language=language, chat_id=chat_id)


def _reply_keyboard(*rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"keyboard": list(rows), "resize_keyboard": True, "one_time_keyboard": True}


def _inline_keyboard(*rows: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


_REMOVE_KEYBOARD: dict[str, Any] = {"remove_keyboard": True}


def _same_word(value: str, *labels: str) -> bool:
    folded = _collapse_spaces(value).casefold()
    return any(folded == label.casefold() for label in labels)


def _both_languages(pick: Callable[[BotTexts], str]) -> list[str]:
    return [pick(texts_for("uk")), pick(texts_for("ru"))]


class _Turn:
    """One update's worth of work: reads the old state, collects replies and the new state."""

    def __init__(
        self,
        *,
        state: DialogueState | None,
        update_id: int,
        now: datetime,
        limits: _Limits,
    ) -> None:
        self.state = state
        self.update_id = update_id
        self.now = now
        self.limits = limits
        self.language: Language = state.language if state is not None else "uk"
        self.chat_id: int | None = state.chat_id if state is not None else None
        self.replies: list[OutgoingMessage] = []
        self.submission: TelegramAppealDraft | None = None
        self.callback_answer: CallbackAnswer | None = None
        self.status_requested = False
        self.resumed_after_pause = False

    @property
    def texts(self) -> BotTexts:
        return texts_for(self.language)

    def outcome(self) -> DialogueOutcome:
        state = self.state
        if state is not None:
            state = state.model_copy(
                update={
                    "last_update_id": self.update_id,
                    "updated_at": self.now,
                    "language": self.language,
                }
            )
        return DialogueOutcome(
            state=state,
            replies=self.replies,
            submission=self.submission,
            callback_answer=self.callback_answer,
            status_requested=self.status_requested,
            language=self.language,
            chat_id=self.chat_id,
        )

    def say(self, text: str, reply_markup: dict[str, Any] | None = None) -> None:
        assert self.chat_id is not None
        self.replies.append(
            OutgoingMessage(chat_id=self.chat_id, text=text, reply_markup=reply_markup)
        )

    def update_state(self, **changes: Any) -> DialogueState:
        assert self.state is not None
        self.state = self.state.model_copy(update=changes)
        return self.state

    # -- entry points ------------------------------------------------------------------

    def on_message(self, message: _Message) -> None:
        self.chat_id = message.chat.id
        if message.chat.type != "private":
            self.say(self.texts.group_chat_refused)
            return
        if message.sender is None or message.sender.is_bot:
            return
        self.expire_or_mark_pause()
        command = message.command()
        if command is not None:
            self.on_command(command, message.sender)
            return
        if message.kind() == "text" and message.text is not None:
            requested = _LANGUAGE_WORDS.get(_collapse_spaces(message.text).casefold())
            if requested is not None:
                self.switch_language(requested, message.sender)
                return
        if self.state is None:
            self.start_dialogue(message.sender)
            return
        if self.resumed_after_pause:
            self.say(self.texts.welcome_back)
        self.on_answer(message)

    def on_edited_message(self, message: _Message) -> None:
        self.chat_id = message.chat.id
        if message.chat.type != "private":
            return
        self.expire_or_mark_pause()
        state = self.state
        if state is None:
            self.say(self.texts.edit_without_dialogue)
            return
        editable = state.last_answer_message_id == message.message_id and message.text
        if not editable or state.last_answer_step is None or message.text is None:
            self.say(self.texts.edit_not_applied)
            return
        changes = self.validated_field(state.last_answer_step, message.text)
        if isinstance(changes, str):
            self.say(f"{self.texts.edit_rejected} {changes}")
            return
        self.update_state(**changes)
        self.say(self.texts.edit_applied)
        if self.state is not None and self.state.step in (Step.REVIEW, Step.CONSENT):
            self.enter_step(Step.REVIEW)

    def on_callback(self, query: _CallbackQuery) -> None:
        self.callback_answer = CallbackAnswer(callback_query_id=query.id)
        if query.message is None:
            self.callback_answer = CallbackAnswer(
                callback_query_id=query.id, text=self.texts.stale_button
            )
            return
        self.chat_id = query.message.chat.id
        if query.message.chat.type != "private":
            self.callback_answer = CallbackAnswer(
                callback_query_id=query.id, text=self.texts.group_chat_refused
            )
            return
        self.expire_or_mark_pause()
        action, _, argument = (query.data or "").partition(":")
        if action == "lang" and argument in ("uk", "ru"):
            self.switch_language("uk" if argument == "uk" else "ru", query.sender)
            return
        if action == "resume" and argument == "restart":
            self.restart_dialogue(query.sender)
            return
        state = self.state
        if state is None:
            self.reject_stale_button(query.id)
            return
        handled = self.on_dialogue_button(state, action, argument)
        if not handled:
            self.reject_stale_button(query.id)

    # -- lifecycle ---------------------------------------------------------------------

    def expire_or_mark_pause(self) -> None:
        state = self.state
        if state is None:
            return
        pause = self.now - state.updated_at
        if pause > self.limits.ttl:
            hours = int(self.limits.ttl.total_seconds() // 3600)
            self.state = None
            self.say(self.texts.dialogue_expired.format(hours=hours))
        elif pause >= self.limits.resume_reminder_after:
            self.resumed_after_pause = True

    def start_dialogue(self, sender: _User, *, greet: bool = True) -> None:
        assert self.chat_id is not None
        self.state = DialogueState(
            chat_id=self.chat_id,
            user_id=sender.id,
            username=sender.username,
            language=self.language,
            started_at=self.now,
            updated_at=self.now,
        )
        other_language: Language = "ru" if self.language == "uk" else "uk"
        if greet:
            self.say(
                self.texts.greeting,
                _inline_keyboard([(self.texts.switch_language_button, f"lang:{other_language}")]),
            )
        self.enter_step(Step.NAME)

    def restart_dialogue(self, sender: _User) -> None:
        if self.state is not None:
            self.say(self.texts.draft_discarded)
            self.state = None
        self.start_dialogue(sender)

    def switch_language(self, language: Language, sender: _User) -> None:
        self.language = language
        self.say(self.texts.language_switched)
        if self.state is None:
            self.start_dialogue(sender)
        else:
            self.enter_step(self.state.step)

    def reject_stale_button(self, query_id: str) -> None:
        self.callback_answer = CallbackAnswer(
            callback_query_id=query_id, text=self.texts.stale_button
        )
        if self.state is None:
            self.say(self.texts.no_active_dialogue, _REMOVE_KEYBOARD)
        else:
            self.enter_step(self.state.step)

    def end_dialogue(self, text: str) -> None:
        self.state = None
        self.say(text, _REMOVE_KEYBOARD)

    # -- commands ----------------------------------------------------------------------

    def on_command(self, command: str, sender: _User) -> None:
        if command == "/start":
            if self.state is None:
                self.start_dialogue(sender)
            else:
                self.say(
                    self.texts.restart_question,
                    _inline_keyboard(
                        [
                            (self.texts.continue_button, "resume:continue"),
                            (self.texts.restart_button, "resume:restart"),
                        ]
                    ),
                )
        elif command == "/new":
            self.restart_dialogue(sender)
        elif command == "/cancel":
            if self.state is None:
                self.say(self.texts.no_active_dialogue, _REMOVE_KEYBOARD)
            else:
                self.end_dialogue(self.texts.cancelled)
        elif command == "/status":
            self.status_requested = True
        elif command == "/lang":
            self.switch_language("ru" if self.language == "uk" else "uk", sender)
        elif command == "/help":
            self.say(self.texts.help)
            if self.state is not None:
                self.enter_step(self.state.step)
        else:
            self.say(self.texts.unknown_command)

    # -- buttons -----------------------------------------------------------------------

    def on_dialogue_button(self, state: DialogueState, action: str, argument: str) -> bool:
        """Apply a pressed inline button; False when it does not fit the current step."""
        if action == "resume" and argument == "continue":
            self.enter_step(state.step)
        elif action == "cancel":
            self.end_dialogue(self.texts.cancelled)
        elif action == "anon" and state.step is Step.NAME:
            if argument == "yes":
                self.update_state(full_name=None, anonymous=True, last_answer_step=None)
                self.advance()
            else:
                self.enter_step(Step.NAME)
        elif action == "review" and argument == "ok" and state.step is Step.REVIEW:
            self.enter_step(Step.CONSENT)
        elif action == "edit" and argument in _EDIT_TARGETS and state.step is Step.REVIEW:
            target = _EDIT_TARGETS[argument]
            if target is Step.PHOTOS:
                self.update_state(photo_file_ids=())
            self.update_state(returning_to_review=True)
            self.enter_step(target)
        elif action == "consent" and state.step is Step.CONSENT:
            if argument == "yes":
                self.submit()
            else:
                self.end_dialogue(self.texts.consent_refused)
        else:
            return False
        return True

    # -- answers to the current step ---------------------------------------------------

    def on_answer(self, message: _Message) -> None:
        state = self.state
        assert state is not None
        kind = message.kind()
        text = message.text if kind == "text" else None
        if state.step is Step.NAME and text is not None:
            self.answer_name(message, text)
        elif state.step is Step.PHONE and kind in ("contact", "text"):
            self.answer_phone(message)
        elif state.step is Step.ADDRESS and text is not None:
            self.answer_text_field(message, Step.ADDRESS, text)
        elif state.step is Step.TEXT and text is not None:
            self.answer_text_field(message, Step.TEXT, text)
        elif state.step is Step.TEXT and kind == "photo":
            self.answer_photo_with_caption(message)
        elif state.step is Step.PHOTOS and kind == "photo":
            self.add_photo(message)
        elif state.step is Step.PHOTOS and text is not None:
            self.answer_photos_text(text)
        elif state.step is Step.CONSENT and text is not None:
            self.answer_consent_text(text)
        elif (
            state.step is Step.REVIEW
            and kind == "photo"
            and len(state.photo_file_ids) >= self.limits.max_photos
        ):
            self.say(self.texts.photo_over_limit.format(max=self.limits.max_photos))
            self.enter_step(Step.REVIEW)
        elif text is not None:
            self.say(self.texts.use_buttons)
            self.enter_step(state.step)
        else:
            self.say(self.unexpected_content_note(kind, message))
            self.enter_step(state.step)

    def answer_name(self, message: _Message, text: str) -> None:
        if _same_word(text, *_both_languages(lambda texts: texts.decline_name_button)):
            self.say(
                self.texts.anonymous_warning,
                _inline_keyboard(
                    [(self.texts.give_name_button, "anon:no")],
                    [(self.texts.send_anonymously_button, "anon:yes")],
                ),
            )
            return
        self.answer_text_field(message, Step.NAME, text)

    def answer_phone(self, message: _Message) -> None:
        state = self.state
        assert state is not None
        if message.contact is not None:
            if message.contact.user_id != state.user_id:
                self.say(self.texts.foreign_contact)
                self.enter_step(Step.PHONE)
                return
            phone = _normalise_contact_phone(message.contact.phone_number)
            self.update_state(phone=phone, last_answer_step=None)
            self.advance()
            return
        text = message.text or ""
        if _same_word(text, *_both_languages(lambda texts: texts.skip_phone_button)):
            self.update_state(phone=None, last_answer_step=None)
            self.advance()
            return
        self.answer_text_field(message, Step.PHONE, text)

    def answer_text_field(self, message: _Message, step: Step, text: str) -> None:
        changes = self.validated_field(step, text)
        if isinstance(changes, str):
            self.say(changes)
            return
        self.update_state(
            **changes, last_answer_message_id=message.message_id, last_answer_step=step
        )
        self.advance()

    def validated_field(self, step: Step, raw: str) -> dict[str, Any] | str:
        """The state changes an answer makes, or the message explaining why it is refused."""
        if step is Step.NAME:
            name = validate_full_name(raw)
            if name is None:
                return self.texts.name_invalid
            return {"full_name": name, "anonymous": False}
        if step is Step.PHONE:
            phone = parse_ukrainian_phone(raw)
            return self.texts.phone_invalid if phone is None else {"phone": phone}
        if step is Step.ADDRESS:
            address = validate_address(raw)
            return self.texts.address_invalid if address is None else {"address": address}
        essence = raw.strip()
        if len(essence) < self.limits.min_text_length:
            return self.texts.text_too_short.format(min=self.limits.min_text_length)
        if len(essence) > self.limits.max_text_length:
            return self.texts.text_too_long.format(
                length=len(essence), max=self.limits.max_text_length
            )
        return {"text": essence}

    def answer_photo_with_caption(self, message: _Message) -> None:
        if not message.caption:
            self.say(self.texts.photo_needs_text_first)
            return
        changes = self.validated_field(Step.TEXT, message.caption)
        if isinstance(changes, str):
            self.say(changes)
            return
        self.update_state(**changes, last_answer_step=None)
        self.add_photo(message)

    def add_photo(self, message: _Message) -> None:
        state = self.state
        assert state is not None and message.photo
        limit = self.limits.max_photos
        if len(state.photo_file_ids) >= limit:
            self.say(self.texts.photo_over_limit.format(max=limit))
            return
        largest = max(message.photo, key=lambda size: size.width * size.height)
        photos = (*state.photo_file_ids, largest.file_id)
        self.update_state(photo_file_ids=photos, step=Step.PHOTOS)
        if len(photos) >= limit:
            self.say(self.texts.photo_limit_reached.format(max=limit))
            self.update_state(returning_to_review=False)
            self.enter_step(Step.REVIEW)
        else:
            self.say(
                self.texts.photo_added.format(count=len(photos), max=limit),
                self.photos_keyboard(),
            )

    def answer_photos_text(self, text: str) -> None:
        state = self.state
        assert state is not None
        done_words = {*_PHOTOS_DONE_WORDS}
        done_words.update(_both_languages(lambda texts: texts.done_button.casefold()))
        done_words.update(_both_languages(lambda texts: texts.skip_photos_button.casefold()))
        if _collapse_spaces(text).casefold() in done_words:
            self.advance()
            return
        combined = f"{state.text or ''}\n{text.strip()}".strip()
        if len(combined) > self.limits.max_text_length:
            self.say(
                self.texts.text_append_too_long.format(
                    length=len(combined), max=self.limits.max_text_length
                ),
                self.photos_keyboard(),
            )
            return
        self.update_state(text=combined, last_answer_step=None)
        self.say(self.texts.text_appended, self.photos_keyboard())

    def answer_consent_text(self, text: str) -> None:
        yes_labels = _both_languages(lambda texts: texts.consent_yes_button)
        no_labels = _both_languages(lambda texts: texts.consent_no_button)
        if _same_word(text, *_CONSENT_WORDS, *yes_labels):
            self.submit()
        elif _same_word(text, *_REFUSAL_WORDS, *no_labels):
            self.end_dialogue(self.texts.consent_refused)
        else:
            self.say(self.texts.use_buttons)
            self.enter_step(Step.CONSENT)

    def unexpected_content_note(self, kind: str, message: _Message) -> str:
        texts = self.texts
        mime = message.document.mime_type if message.document is not None else None
        notes = {
            "voice": texts.voice_not_supported,
            "audio": texts.voice_not_supported,
            "sticker": texts.sticker_not_supported,
            "animation": texts.sticker_not_supported,
            "video": texts.video_not_supported,
            "video_note": texts.video_not_supported,
            "location": texts.location_not_supported,
            "contact": texts.contact_not_expected,
            "photo": texts.photo_not_expected,
        }
        if kind == "document":
            is_image = mime is not None and mime.startswith("image/")
            return texts.image_as_file if is_image else texts.file_not_supported
        return notes.get(kind, texts.content_not_supported)

    # -- moving between steps ----------------------------------------------------------

    def advance(self) -> None:
        state = self.state
        assert state is not None
        if state.returning_to_review:
            self.update_state(returning_to_review=False)
            self.enter_step(Step.REVIEW)
            return
        self.enter_step(_NEXT_STEP[state.step])

    def enter_step(self, step: Step) -> None:
        """Move to `step` and ask its question, with the keyboard that answers it."""
        self.update_state(step=step)
        texts = self.texts
        limits = self.limits
        if step is Step.NAME:
            self.say(texts.ask_name, _reply_keyboard([{"text": texts.decline_name_button}]))
        elif step is Step.PHONE:
            self.say(
                texts.ask_phone,
                _reply_keyboard(
                    [{"text": texts.share_phone_button, "request_contact": True}],
                    [{"text": texts.skip_phone_button}],
                ),
            )
        elif step is Step.ADDRESS:
            self.say(texts.ask_address, _REMOVE_KEYBOARD)
        elif step is Step.TEXT:
            self.say(
                texts.ask_text.format(min=limits.min_text_length, max=limits.max_text_length),
                _REMOVE_KEYBOARD,
            )
        elif step is Step.PHOTOS:
            self.say(texts.ask_photos.format(max=limits.max_photos), self.photos_keyboard())
        elif step is Step.REVIEW:
            self.say(self.summary(), _REMOVE_KEYBOARD)
            self.say(
                texts.review_question,
                _inline_keyboard(
                    [(texts.confirm_button, "review:ok")],
                    [
                        (texts.edit_name_button, "edit:name"),
                        (texts.edit_phone_button, "edit:phone"),
                    ],
                    [
                        (texts.edit_address_button, "edit:address"),
                        (texts.edit_text_button, "edit:text"),
                    ],
                    [(texts.edit_photos_button, "edit:photos"), (texts.cancel_button, "cancel")],
                ),
            )
        else:
            self.say(
                texts.ask_consent,
                _inline_keyboard(
                    [(texts.consent_yes_button, "consent:yes")],
                    [(texts.consent_no_button, "consent:no")],
                ),
            )

    def photos_keyboard(self) -> dict[str, Any]:
        return _reply_keyboard(
            [{"text": self.texts.done_button}], [{"text": self.texts.skip_photos_button}]
        )

    def summary(self) -> str:
        state = self.state
        assert state is not None
        texts = self.texts
        photos = (
            texts.value_photo_count.format(count=len(state.photo_file_ids))
            if state.photo_file_ids
            else texts.value_no_photos
        )
        head = "\n".join(
            [
                texts.summary_header,
                "",
                f"{texts.label_name}: {state.full_name or texts.value_anonymous}",
                f"{texts.label_phone}: {state.phone or texts.value_no_phone}",
                f"{texts.label_address}: {state.address or ''}",
                f"{texts.label_photos}: {photos}",
                "",
                f"{texts.label_text}:",
                "",
            ]
        )
        essence = state.text or ""
        room = TELEGRAM_MESSAGE_LIMIT - len(head)
        if len(essence) > room:
            essence = essence[: room - 1] + "…"
        return head + essence

    def submit(self) -> None:
        state = self.state
        assert state is not None and state.address is not None and state.text is not None
        self.submission = TelegramAppealDraft(
            chat_id=state.chat_id,
            user_id=state.user_id,
            username=state.username,
            full_name=state.full_name,
            anonymous=state.anonymous,
            phone=state.phone,
            address=state.address,
            text=state.text,
            photo_file_ids=list(state.photo_file_ids),
            language=self.language,
            consent_given_at=self.now,
            telegram_update_id=self.update_id,
        )
        self.end_dialogue(self.texts.submitted)
        if state.anonymous:
            self.say(self.texts.submitted_anonymous_note)
