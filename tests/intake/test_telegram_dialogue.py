"""The Telegram dialogue, driven with real-shaped updates, state stored as JSON between them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.channels.telegram.dialogue import (
    DialogueOutcome,
    DialogueState,
    Step,
    handle_update,
    parse_ukrainian_phone,
    validate_full_name,
)
from intake.channels.telegram.messages import RUSSIAN, UKRAINIAN
from tests.fakes.telegram_bot_api import UpdateFactory

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ESSENCE = "Біля будинку на вул. Шевченка, 1 вже тиждень не працює вуличне освітлення."
ADDRESS = "м. Дніпро, вул. Шевченка, 1, кв. 2"


class Chat:
    """One citizen talking to the bot; the state goes through JSON like a database row."""

    def __init__(self, **factory_options: Any) -> None:
        self.updates = UpdateFactory(**factory_options)
        self.state: DialogueState | None = None
        self.now = START
        self.outcomes: list[DialogueOutcome] = []

    def send(
        self, update: dict[str, Any], *, after: timedelta = timedelta(seconds=20), **options: Any
    ) -> DialogueOutcome:
        self.now += after
        outcome = handle_update(self.state, update, now=self.now, **options)
        self.state = (
            None
            if outcome.state is None
            else DialogueState.model_validate_json(outcome.state.model_dump_json())
        )
        self.outcomes.append(outcome)
        return outcome

    def current_step(self) -> Step | None:
        return None if self.state is None else self.state.step

    def fill_until(self, step: Step) -> None:
        """Answer every question up to (not including) `step` with valid data."""
        answers: list[tuple[Step, Callable[[], dict[str, Any]]]] = [
            (Step.NAME, lambda: self.updates.command("/start")),
            (Step.PHONE, lambda: self.updates.text("Шевченко Тарас Григорович")),
            (Step.ADDRESS, lambda: self.updates.contact("+380671234567")),
            (Step.TEXT, lambda: self.updates.text(ADDRESS)),
            (Step.PHOTOS, lambda: self.updates.text(ESSENCE)),
            (Step.REVIEW, lambda: self.updates.text("Готово")),
            (Step.CONSENT, lambda: self.updates.callback("review:ok")),
        ]
        for reached, make_update in answers:
            self.send(make_update())
            assert self.current_step() is reached
            if reached is step:
                return
        raise AssertionError(f"unknown step {step}")


def texts_of(outcome: DialogueOutcome) -> list[str]:
    return [reply.text for reply in outcome.replies]


def joined(outcome: DialogueOutcome) -> str:
    return "\n".join(texts_of(outcome))


def test_whole_dialogue_in_ukrainian_submits_a_complete_appeal() -> None:
    chat = Chat()
    greeting = chat.send(chat.updates.command("/start"))
    assert texts_of(greeting)[0] == UKRAINIAN.greeting
    assert UKRAINIAN.ask_name in texts_of(greeting)

    phone_prompt = chat.send(chat.updates.text("  Шевченко   Тарас Григорович "))
    keyboard = phone_prompt.replies[-1].reply_markup
    assert keyboard is not None
    assert keyboard["keyboard"][0][0] == {"text": "Поділитися номером", "request_contact": True}

    chat.send(chat.updates.contact("380671234567"))
    chat.send(chat.updates.text(ADDRESS))
    chat.send(chat.updates.text(ESSENCE))
    chat.send(chat.updates.photo("photo-1"))
    chat.send(chat.updates.photo("photo-2"))
    review = chat.send(chat.updates.text("Готово"))
    summary = texts_of(review)[0]
    assert "Шевченко Тарас Григорович" in summary
    assert "+380671234567" in summary
    assert ADDRESS in summary
    assert ESSENCE in summary
    assert "2 шт." in summary

    consent = chat.send(chat.updates.callback("review:ok"))
    assert texts_of(consent) == [UKRAINIAN.ask_consent]
    final_update = chat.updates.callback("consent:yes")
    done = chat.send(final_update)

    assert done.state is None
    assert done.callback_answer is not None
    assert texts_of(done) == [UKRAINIAN.submitted]
    draft = done.submission
    assert draft is not None
    assert draft.full_name == "Шевченко Тарас Григорович"
    assert draft.anonymous is False
    assert draft.phone == "+380671234567"
    assert draft.address == ADDRESS
    assert draft.text == ESSENCE
    assert draft.photo_file_ids == ["photo-1", "photo-2"]
    assert draft.language == "uk"
    assert draft.user_id == chat.updates.user_id
    assert draft.username == "taras_sh"
    assert draft.consent_given_at == chat.now
    assert draft.telegram_update_id == final_update["update_id"]


def test_whole_dialogue_in_russian_after_switching_language() -> None:
    chat = Chat(language_code="ru")
    greeting = chat.send(chat.updates.command("/start"))
    language_button = greeting.replies[0].reply_markup
    assert language_button == {
        "inline_keyboard": [[{"text": "Русский язык", "callback_data": "lang:ru"}]]
    }
    switched = chat.send(chat.updates.callback("lang:ru"))
    assert texts_of(switched) == [RUSSIAN.language_switched, RUSSIAN.ask_name]

    chat.send(chat.updates.text("Петренко Ольга Ивановна"))
    chat.send(chat.updates.text("067 123-45-67"))
    chat.send(chat.updates.text("г. Днепр, пр. Яворницкого, 10, кв. 5"))
    photos = chat.send(
        chat.updates.text("Во дворе дома уже месяц не вывозят мусор, контейнеры переполнены.")
    )
    assert texts_of(photos) == [RUSSIAN.ask_photos.format(max=5)]
    review = chat.send(chat.updates.text("Пропустить"))
    assert RUSSIAN.summary_header in texts_of(review)[0]
    assert RUSSIAN.value_no_photos in texts_of(review)[0]
    chat.send(chat.updates.callback("review:ok"))
    done = chat.send(chat.updates.text("Да"))

    assert texts_of(done) == [RUSSIAN.submitted]
    assert done.submission is not None
    assert done.submission.language == "ru"
    assert done.submission.phone == "+380671234567"
    assert done.submission.full_name == "Петренко Ольга Ивановна"


def test_language_switches_back_to_ukrainian_and_keeps_the_step() -> None:
    chat = Chat()
    chat.fill_until(Step.ADDRESS)
    to_russian = chat.send(chat.updates.command("/lang"))
    assert texts_of(to_russian) == [RUSSIAN.language_switched, RUSSIAN.ask_address]
    back = chat.send(chat.updates.text("українська"))
    assert texts_of(back) == [UKRAINIAN.language_switched, UKRAINIAN.ask_address]
    assert chat.current_step() is Step.ADDRESS


def test_state_survives_a_json_round_trip_unchanged() -> None:
    chat = Chat()
    chat.fill_until(Step.REVIEW)
    assert chat.state is not None
    restored = DialogueState.model_validate_json(chat.state.model_dump_json())
    assert restored == chat.state


def test_editing_the_last_answer_updates_the_field() -> None:
    chat = Chat()
    chat.fill_until(Step.ADDRESS)
    address_update = chat.updates.text("м. Дніпро, вул. Хрещатик, 5")
    chat.send(address_update)
    assert chat.current_step() is Step.TEXT

    edited = chat.send(chat.updates.edited(address_update, ADDRESS))

    assert texts_of(edited) == [UKRAINIAN.edit_applied]
    assert chat.state is not None
    assert chat.state.address == ADDRESS
    assert chat.current_step() is Step.TEXT


def test_editing_the_last_answer_into_something_invalid_keeps_the_old_value() -> None:
    chat = Chat()
    chat.fill_until(Step.NAME)
    name_update = chat.updates.text("Шевченко Тарас")
    chat.send(name_update)

    edited = chat.send(chat.updates.edited(name_update, "123"))

    assert joined(edited).startswith(UKRAINIAN.edit_rejected)
    assert UKRAINIAN.name_invalid in joined(edited)
    assert chat.state is not None
    assert chat.state.full_name == "Шевченко Тарас"


def test_editing_an_older_answer_is_explained_not_applied() -> None:
    chat = Chat()
    chat.send(chat.updates.command("/start"))
    name_update = chat.updates.text("Шевченко Тарас Григорович")
    chat.send(name_update)
    chat.send(chat.updates.contact("+380671234567"))
    chat.send(chat.updates.text(ADDRESS))

    edited = chat.send(chat.updates.edited(name_update, "Коваленко Петро Іванович"))

    assert texts_of(edited) == [UKRAINIAN.edit_not_applied]
    assert chat.state is not None
    assert chat.state.full_name == "Шевченко Тарас Григорович"


def test_editing_the_essence_at_review_refreshes_the_summary() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    essence_update = chat.updates.text(ESSENCE)
    chat.send(essence_update)
    chat.send(chat.updates.text("Пропустити"))
    assert chat.current_step() is Step.REVIEW

    corrected = ESSENCE.replace("тиждень", "місяць")
    edited = chat.send(chat.updates.edited(essence_update, corrected))

    assert texts_of(edited)[0] == UKRAINIAN.edit_applied
    assert corrected in texts_of(edited)[1]
    assert chat.current_step() is Step.REVIEW


def test_editing_after_submission_changes_nothing() -> None:
    chat = Chat()
    chat.fill_until(Step.CONSENT)
    name_message = chat.updates.text("Шевченко Тарас Григорович")
    chat.send(chat.updates.callback("consent:yes"))

    edited = chat.send(chat.updates.edited(name_message, "Інше Ім’я"))

    assert edited.state is None
    assert edited.submission is None
    assert texts_of(edited) == [UKRAINIAN.edit_without_dialogue]


UNEXPECTED_CONTENT = {
    "sticker": (UpdateFactory.sticker, UKRAINIAN.sticker_not_supported),
    "voice": (UpdateFactory.voice, UKRAINIAN.voice_not_supported),
    "video": (UpdateFactory.video, UKRAINIAN.video_not_supported),
    "location": (UpdateFactory.location, UKRAINIAN.location_not_supported),
    "document": (UpdateFactory.document, UKRAINIAN.file_not_supported),
}
STEP_PROMPTS = {
    Step.NAME: UKRAINIAN.ask_name,
    Step.PHONE: UKRAINIAN.ask_phone,
    Step.ADDRESS: UKRAINIAN.ask_address,
    Step.TEXT: UKRAINIAN.ask_text.format(min=20, max=4000),
    Step.PHOTOS: UKRAINIAN.ask_photos.format(max=5),
    Step.REVIEW: UKRAINIAN.review_question,
    Step.CONSENT: UKRAINIAN.ask_consent,
}


@pytest.mark.parametrize("step", list(STEP_PROMPTS))
@pytest.mark.parametrize("kind", list(UNEXPECTED_CONTENT))
def test_unexpected_content_is_explained_and_the_step_repeated(step: Step, kind: str) -> None:
    chat = Chat()
    chat.fill_until(step)
    before = chat.state
    make_update, note = UNEXPECTED_CONTENT[kind]

    outcome = chat.send(make_update(chat.updates))

    assert texts_of(outcome)[0] == note
    assert STEP_PROMPTS[step] in texts_of(outcome)
    assert chat.current_step() is step
    assert chat.state is not None and before is not None
    assert chat.state.model_dump(exclude={"updated_at", "last_update_id"}) == before.model_dump(
        exclude={"updated_at", "last_update_id"}
    )


def test_image_sent_as_a_file_gets_a_hint_to_send_it_as_a_photo() -> None:
    chat = Chat()
    chat.fill_until(Step.PHOTOS)
    outcome = chat.send(chat.updates.document(mime_type="image/jpeg"))
    assert texts_of(outcome)[0] == UKRAINIAN.image_as_file
    assert chat.state is not None and chat.state.photo_file_ids == ()


def test_photo_with_a_caption_at_the_essence_step_gives_text_and_first_photo() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.photo("pothole", caption=ESSENCE))
    assert chat.current_step() is Step.PHOTOS
    assert chat.state is not None
    assert chat.state.text == ESSENCE
    assert chat.state.photo_file_ids == ("pothole",)
    assert texts_of(outcome) == [UKRAINIAN.photo_added.format(count=1, max=5)]


def test_photo_without_caption_at_the_essence_step_asks_for_text_first() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.photo("pothole"))
    assert texts_of(outcome) == [UKRAINIAN.photo_needs_text_first]
    assert chat.current_step() is Step.TEXT


def test_repeated_update_is_ignored_without_double_replies() -> None:
    chat = Chat()
    chat.fill_until(Step.NAME)
    name_update = chat.updates.text("Коваленко Петро")
    first = chat.send(name_update)
    assert first.replies

    again = chat.send(name_update)

    assert again.replies == []
    assert again.state == first.state


def test_older_update_delivered_late_is_ignored() -> None:
    chat = Chat()
    chat.fill_until(Step.NAME)
    stale = chat.updates.text("Коваленко Петро")
    chat.send(chat.updates.text("Шевченко Тарас"))
    outcome = chat.send(stale)
    assert outcome.replies == []
    assert chat.state is not None and chat.state.full_name == "Шевченко Тарас"


def test_pressing_consent_twice_submits_once() -> None:
    chat = Chat()
    chat.fill_until(Step.CONSENT)
    first = chat.send(chat.updates.callback("consent:yes"))
    second = chat.send(chat.updates.callback("consent:yes"))
    assert first.submission is not None
    assert second.submission is None
    assert second.callback_answer is not None
    assert second.callback_answer.text == UKRAINIAN.stale_button
    assert texts_of(second) == [UKRAINIAN.no_active_dialogue]


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
def test_group_chats_are_refused_politely_and_no_dialogue_starts(chat_type: str) -> None:
    chat = Chat(chat_id=-100123456, chat_type=chat_type)
    outcome = chat.send(chat.updates.command("/start@DniproGuberBot"))
    assert texts_of(outcome) == [UKRAINIAN.group_chat_refused]
    assert outcome.replies[0].chat_id == -100123456
    assert outcome.state is None
    assert outcome.submission is None


def test_buttons_pressed_in_a_group_only_get_a_toast() -> None:
    chat = Chat(chat_id=-100123456, chat_type="group")
    outcome = chat.send(chat.updates.callback("consent:yes"))
    assert outcome.replies == []
    assert outcome.callback_answer is not None
    assert outcome.callback_answer.text == UKRAINIAN.group_chat_refused


def test_someone_elses_contact_is_refused() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    outcome = chat.send(chat.updates.contact("+380501112233", user_id=777))
    assert texts_of(outcome)[0] == UKRAINIAN.foreign_contact
    assert chat.current_step() is Step.PHONE
    assert chat.state is not None and chat.state.phone is None


def test_contact_without_a_telegram_account_is_refused() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    outcome = chat.send(chat.updates.foreign_contact("+380501112233"))
    assert texts_of(outcome)[0] == UKRAINIAN.foreign_contact
    assert chat.current_step() is Step.PHONE


def test_own_foreign_number_shared_as_contact_is_kept() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    chat.send(chat.updates.contact("48601234567"))
    assert chat.state is not None and chat.state.phone == "+48601234567"
    assert chat.current_step() is Step.ADDRESS


def test_typed_phone_that_is_not_ukrainian_is_refused() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    outcome = chat.send(chat.updates.text("+48 601 234 567"))
    assert texts_of(outcome) == [UKRAINIAN.phone_invalid]
    assert chat.current_step() is Step.PHONE


def test_citizen_may_leave_no_phone_and_get_the_answer_in_the_chat() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    chat.send(chat.updates.text("Без телефону"))
    assert chat.current_step() is Step.ADDRESS
    assert chat.state is not None and chat.state.phone is None


def test_over_long_essence_is_refused_with_the_limit_explained() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.text("а" * 4001))
    assert texts_of(outcome) == [UKRAINIAN.text_too_long.format(length=4001, max=4000)]
    assert chat.current_step() is Step.TEXT
    accepted = chat.send(chat.updates.text("б" * 4000))
    assert chat.current_step() is Step.PHOTOS
    assert accepted.replies


def test_too_short_essence_is_refused() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.text("Яма"))
    assert texts_of(outcome) == [UKRAINIAN.text_too_short.format(min=20)]


def test_text_at_the_photo_step_is_added_to_the_essence_within_the_limit() -> None:
    chat = Chat()
    chat.fill_until(Step.PHOTOS)
    added = chat.send(chat.updates.text("Звертався до ЖЕКу, відповіді немає."))
    assert texts_of(added) == [UKRAINIAN.text_appended]
    assert chat.state is not None
    assert chat.state.text == f"{ESSENCE}\nЗвертався до ЖЕКу, відповіді немає."
    refused = chat.send(chat.updates.text("в" * 4000))
    assert texts_of(refused)[0].startswith("Цей текст не додано")


def test_summary_of_a_maximal_appeal_fits_one_telegram_message() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    chat.send(chat.updates.text("ж" * 4000))
    review = chat.send(chat.updates.text("Готово"))
    assert all(len(text) <= 4096 for text in texts_of(review))


def test_photos_over_the_limit_are_not_added() -> None:
    chat = Chat()
    chat.fill_until(Step.PHOTOS)
    chat.send(chat.updates.photo("p1"), max_photos=2)
    at_limit = chat.send(chat.updates.photo("p2"), max_photos=2)
    assert texts_of(at_limit)[0] == UKRAINIAN.photo_limit_reached.format(max=2)
    assert chat.current_step() is Step.REVIEW

    over = chat.send(chat.updates.photo("p3"), max_photos=2)

    assert texts_of(over)[0] == UKRAINIAN.photo_over_limit.format(max=2)
    assert chat.state is not None and chat.state.photo_file_ids == ("p1", "p2")


def test_largest_photo_size_is_kept() -> None:
    chat = Chat()
    chat.fill_until(Step.PHOTOS)
    chat.send(chat.updates.photo("big"))
    assert chat.state is not None and chat.state.photo_file_ids == ("big",)


def test_abandoned_dialogue_older_than_ttl_restarts_with_a_note() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.text(ESSENCE), after=timedelta(hours=25))
    assert texts_of(outcome)[0] == UKRAINIAN.dialogue_expired.format(hours=24)
    assert UKRAINIAN.ask_name in texts_of(outcome)
    assert chat.state is not None
    assert chat.state.step is Step.NAME
    assert chat.state.full_name is None
    assert chat.state.address is None


def test_ttl_is_configurable() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(
        chat.updates.text(ESSENCE), after=timedelta(hours=3), ttl=timedelta(hours=2)
    )
    assert texts_of(outcome)[0] == UKRAINIAN.dialogue_expired.format(hours=2)


def test_returning_hours_later_within_ttl_resumes_with_a_reminder() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.text(ESSENCE), after=timedelta(hours=5))
    assert texts_of(outcome)[0] == UKRAINIAN.welcome_back
    assert chat.current_step() is Step.PHOTOS
    assert chat.state is not None and chat.state.address == ADDRESS


def test_start_in_the_middle_asks_whether_to_continue_or_restart() -> None:
    chat = Chat()
    chat.fill_until(Step.ADDRESS)
    question = chat.send(chat.updates.command("/start"))
    assert texts_of(question) == [UKRAINIAN.restart_question]
    assert chat.current_step() is Step.ADDRESS

    resumed = chat.send(chat.updates.callback("resume:continue"))
    assert texts_of(resumed) == [UKRAINIAN.ask_address]
    assert chat.state is not None and chat.state.phone == "+380671234567"

    chat.send(chat.updates.command("/start"))
    restarted = chat.send(chat.updates.callback("resume:restart"))
    assert texts_of(restarted)[0] == UKRAINIAN.draft_discarded
    assert chat.current_step() is Step.NAME
    assert chat.state is not None and chat.state.phone is None


def test_cancel_discards_the_data() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.command("/cancel"))
    assert outcome.state is None
    assert outcome.submission is None
    assert texts_of(outcome) == [UKRAINIAN.cancelled]


def test_status_command_raises_the_flag_and_keeps_the_dialogue() -> None:
    chat = Chat()
    chat.fill_until(Step.ADDRESS)
    outcome = chat.send(chat.updates.command("/status"))
    assert outcome.status_requested is True
    assert outcome.replies == []
    assert chat.current_step() is Step.ADDRESS
    without_dialogue = handle_update(None, chat.updates.command("/status"), now=chat.now)
    assert without_dialogue.status_requested is True
    assert without_dialogue.chat_id == chat.updates.chat_id


def test_help_lists_commands_and_repeats_the_current_question() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    outcome = chat.send(chat.updates.command("/help"))
    assert texts_of(outcome) == [UKRAINIAN.help, UKRAINIAN.ask_phone]


def test_declining_the_name_warns_about_article_8_and_allows_an_anonymous_draft() -> None:
    chat = Chat()
    chat.fill_until(Step.NAME)
    warning = chat.send(chat.updates.text("Не вказувати ПІБ"))
    assert texts_of(warning) == [UKRAINIAN.anonymous_warning]
    assert "статті 8" in UKRAINIAN.anonymous_warning
    chat.send(chat.updates.callback("anon:yes"))
    assert chat.current_step() is Step.PHONE
    chat.send(chat.updates.contact("+380671234567"))
    chat.send(chat.updates.text(ADDRESS))
    chat.send(chat.updates.text(ESSENCE))
    review = chat.send(chat.updates.text("Готово"))
    assert UKRAINIAN.value_anonymous in texts_of(review)[0]
    chat.send(chat.updates.callback("review:ok"))
    done = chat.send(chat.updates.callback("consent:yes"))

    assert done.submission is not None
    assert done.submission.anonymous is True
    assert done.submission.full_name is None
    assert texts_of(done) == [UKRAINIAN.submitted, UKRAINIAN.submitted_anonymous_note]


def test_review_edit_returns_to_the_summary() -> None:
    chat = Chat()
    chat.fill_until(Step.REVIEW)
    chat.send(chat.updates.callback("edit:address"))
    assert chat.current_step() is Step.ADDRESS
    review = chat.send(chat.updates.text("м. Кривий Ріг, вул. Мира, 3"))
    assert chat.current_step() is Step.REVIEW
    assert "м. Кривий Ріг, вул. Мира, 3" in texts_of(review)[0]


def test_consent_refusal_discards_the_data_and_names_the_hotline() -> None:
    chat = Chat()
    chat.fill_until(Step.CONSENT)
    outcome = chat.send(chat.updates.callback("consent:no"))
    assert outcome.state is None
    assert outcome.submission is None
    assert "0800 505 600" in joined(outcome)


def test_consent_needs_an_explicit_yes() -> None:
    chat = Chat()
    chat.fill_until(Step.CONSENT)
    outcome = chat.send(chat.updates.text("ну можливо"))
    assert outcome.submission is None
    assert texts_of(outcome) == [UKRAINIAN.use_buttons, UKRAINIAN.ask_consent]
    assert chat.current_step() is Step.CONSENT


def test_button_from_an_earlier_step_is_stale() -> None:
    chat = Chat()
    chat.fill_until(Step.ADDRESS)
    outcome = chat.send(chat.updates.callback("consent:yes"))
    assert outcome.submission is None
    assert outcome.callback_answer is not None
    assert outcome.callback_answer.text == UKRAINIAN.stale_button
    assert texts_of(outcome) == [UKRAINIAN.ask_address]


def test_first_plain_message_starts_the_dialogue() -> None:
    chat = Chat()
    outcome = chat.send(chat.updates.text("Добрий день"))
    assert texts_of(outcome)[0] == UKRAINIAN.greeting
    assert chat.current_step() is Step.NAME


def test_updates_the_dialogue_does_not_handle_change_nothing() -> None:
    chat = Chat()
    chat.fill_until(Step.PHONE)
    before = chat.state
    outcome = chat.send({"update_id": 999_999_999, "my_chat_member": {"chat": {"id": 1}}})
    assert outcome.replies == []
    assert outcome.state == before


UKRAINIAN_NUMBER = st.from_regex(r"[1-9][0-9]{8}", fullmatch=True)


@given(national=UKRAINIAN_NUMBER, style=st.sampled_from(["+380", "380", "0", "80"]))
def test_ukrainian_phone_parses_from_usual_spellings(national: str, style: str) -> None:
    spaced = f"{style}{national[:2]} {national[2:5]}-{national[5:7]}-{national[7:]}"
    assert parse_ukrainian_phone(f"{style}{national}") == f"+380{national}"
    assert parse_ukrainian_phone(spaced) == f"+380{national}"


@given(digits=st.from_regex(r"[0-9]{1,15}", fullmatch=True))
def test_parsed_phone_is_always_canonical(digits: str) -> None:
    parsed = parse_ukrainian_phone(digits)
    if parsed is not None:
        assert parsed.startswith("+380")
        assert len(parsed) == 13
        assert parsed[4] != "0"
        assert parsed[4:] in digits


@given(length=st.integers(min_value=1, max_value=4200))
def test_essence_is_accepted_exactly_within_the_limits(length: int) -> None:
    state = DialogueState(chat_id=1, user_id=1, step=Step.TEXT, started_at=START, updated_at=START)
    update = UpdateFactory(user_id=1).text("я" * length)
    outcome = handle_update(state, update, now=START)
    assert outcome.state is not None
    accepted = outcome.state.step is Step.PHOTOS
    assert accepted == (20 <= length <= 4000)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Шевченко Тарас Григорович", "Шевченко Тарас Григорович"),
        ("О’Коннор Шон", "О’Коннор Шон"),
        ("Квітка-Основ'яненко Григорій", "Квітка-Основ'яненко Григорій"),
        ("Smith John", "Smith John"),
        ("Тарас", None),
        ("Тарас 123", None),
        ("- -", None),
    ],
)
def test_full_name_validation(raw: str, expected: str | None) -> None:
    assert validate_full_name(raw) == expected


def test_consent_pressed_after_the_ttl_submits_nothing() -> None:
    chat = Chat()
    chat.fill_until(Step.CONSENT)
    outcome = chat.send(chat.updates.callback("consent:yes"), after=timedelta(hours=30))
    assert outcome.submission is None
    assert outcome.state is None
    assert texts_of(outcome) == [
        UKRAINIAN.dialogue_expired.format(hours=24),
        UKRAINIAN.no_active_dialogue,
    ]


def test_new_command_discards_the_draft_and_starts_over() -> None:
    chat = Chat()
    chat.fill_until(Step.TEXT)
    outcome = chat.send(chat.updates.command("/new"))
    assert texts_of(outcome)[:2] == [UKRAINIAN.draft_discarded, UKRAINIAN.greeting]
    assert chat.state is not None
    assert chat.state.step is Step.NAME
    assert chat.state.address is None
