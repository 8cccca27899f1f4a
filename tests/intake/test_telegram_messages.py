"""Texts of the Telegram bot: completeness of both languages and the helpers intake uses."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.channels.telegram.messages import (
    RUSSIAN,
    STATUS_LIST_MAX_ITEMS,
    TELEGRAM_MESSAGE_LIMIT,
    UKRAINIAN,
    AppealStatusItem,
    answer_notification,
    split_for_telegram,
    status_list_message,
)

LANGUAGE_NEUTRAL = {"done_button", "label_phone", "label_photos", "value_photo_count"}


@pytest.mark.parametrize("name", [field.name for field in fields(UKRAINIAN)])
def test_every_phrase_exists_in_both_languages_and_is_translated(name: str) -> None:
    ukrainian = getattr(UKRAINIAN, name)
    russian = getattr(RUSSIAN, name)
    assert ukrainian.strip()
    assert russian.strip()
    assert len(ukrainian) < TELEGRAM_MESSAGE_LIMIT
    if name not in LANGUAGE_NEUTRAL:
        assert ukrainian != russian


def test_ukrainian_texts_use_no_russian_letters() -> None:
    russian_only = set("ыэъё")
    for field in fields(UKRAINIAN):
        text = getattr(UKRAINIAN, field.name).lower()
        if field.name == "switch_language_button":
            continue
        assert not russian_only & set(text), field.name


def test_answer_notification_carries_number_status_and_answer() -> None:
    text = answer_notification("uk", "04-2025-000123", "розглянуто", "Освітлення відновлено.")
    assert text == (
        "Звернення № 04-2025-000123\nСтан: розглянуто\n\nВідповідь:\nОсвітлення відновлено."
    )


def test_answer_notification_without_answer_is_status_only_in_russian() -> None:
    text = answer_notification("ru", "04-2025-000123", "направлено в орган власти", None)
    assert text == "Обращение № 04-2025-000123\nСостояние: направлено в орган власти"


def test_status_list_shows_dates_and_due_dates() -> None:
    items = [
        AppealStatusItem("04-2025-000123", date(2025, 3, 3), "у роботі", date(2025, 4, 2)),
        AppealStatusItem("04-2025-000099", date(2025, 2, 1), "розглянуто"),
    ]
    text = status_list_message("uk", items)
    assert text.splitlines() == [
        "Ваші звернення:",
        "",
        "№ 04-2025-000123 від 03.03.2025 — у роботі, розглянути до 02.04.2025",
        "№ 04-2025-000099 від 01.02.2025 — розглянуто",
    ]


def test_status_list_when_there_is_nothing() -> None:
    assert status_list_message("ru", []) == RUSSIAN.status_list_empty


def test_long_status_list_is_capped_and_fits_one_message() -> None:
    items = [
        AppealStatusItem(f"04-2025-{number:06d}", date(2025, 1, 1), "у роботі", date(2025, 1, 31))
        for number in range(STATUS_LIST_MAX_ITEMS + 7)
    ]
    text = status_list_message("uk", items)
    assert "04-2025-000019" in text
    assert "04-2025-000020" not in text
    assert "і ще 7" in text
    assert len(text) <= TELEGRAM_MESSAGE_LIMIT


@given(
    text=st.text(alphabet=st.sampled_from("абв гґ\nxyz"), max_size=3000),
    limit=st.integers(min_value=1, max_value=500),
)
def test_split_keeps_every_visible_character_and_respects_the_limit(text: str, limit: int) -> None:
    chunks = split_for_telegram(text, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())
    if text.strip():
        assert all(chunk.strip() for chunk in chunks)


def test_split_prefers_line_breaks() -> None:
    assert split_for_telegram("перший рядок\nдругий рядок", 15) == ["перший рядок", "другий рядок"]
