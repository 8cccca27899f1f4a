"""The demo corpus: deterministic, valid fields, realistic mix, and honest group hints."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.demo_corpus import (
    CHANNELS,
    KINDS,
    KYIV,
    SOCIAL_STATUSES,
    TOPIC_CODES,
    DemoAppeal,
    generate_appeals,
)
from shared.reference import load_territories

MOBILE_PHONE = re.compile(r"\+380(50|63|66|67|68|73|93|95|96|97|98|99)\d{7}")
START = datetime(2025, 3, 1, tzinfo=KYIV)


@pytest.fixture(scope="module")
def corpus() -> list[DemoAppeal]:
    return list(generate_appeals(6000, seed=7, start=START, days=60))


def test_same_seed_gives_the_same_appeals() -> None:
    assert list(generate_appeals(300, seed=3)) == list(generate_appeals(300, seed=3))


def test_another_seed_gives_other_appeals() -> None:
    first = [a.text for a in generate_appeals(50, seed=1)]
    second = [a.text for a in generate_appeals(50, seed=2)]
    assert first != second


def test_fields_are_valid(corpus: list[DemoAppeal]) -> None:
    hromada_codes = {unit.code for unit in load_territories() if unit.kind == "hromada"}
    for appeal in corpus:
        assert MOBILE_PHONE.fullmatch(appeal.phone), appeal.phone
        assert appeal.topic_code in TOPIC_CODES
        assert appeal.kind in KINDS
        assert appeal.channel in CHANNELS
        assert appeal.social_status in SOCIAL_STATUSES
        assert all(code.startswith("7.") for code in appeal.author_categories)
        assert appeal.email is None or re.fullmatch(r"[a-z0-9.]+@[a-z.]+\.[a-z]+", appeal.email)
        assert appeal.address.oblast == "Дніпропетровська область"
        assert appeal.address.raion.endswith("район")
        assert appeal.territory_code in hromada_codes
        assert 10 < len(appeal.text) < 1500


def test_names_agree_with_sex(corpus: list[DemoAppeal]) -> None:
    for appeal in corpus:
        surname, _first, patronymic = appeal.applicant_name.split(" ")
        if appeal.sex == "male":
            assert patronymic.endswith("ич"), appeal.applicant_name
            assert not surname.endswith(("ова", "ська", "ка")), appeal.applicant_name
        else:
            assert patronymic.endswith("вна"), appeal.applicant_name


def test_receipt_times_are_ordered_and_inside_the_period(corpus: list[DemoAppeal]) -> None:
    times = [appeal.received_at for appeal in corpus]
    assert times == sorted(times)
    assert times[0] >= START
    assert times[-1] < START + timedelta(days=60)
    assert all(str(moment.tzinfo) == "Europe/Kyiv" for moment in times)


def test_people_write_more_in_office_hours_and_on_weekdays(corpus: list[DemoAppeal]) -> None:
    hours = Counter(appeal.received_at.hour for appeal in corpus)
    weekdays = Counter(appeal.received_at.weekday() for appeal in corpus)
    assert hours[10] > 5 * hours[3]
    assert weekdays[0] > 1.5 * weekdays[6]


def test_mostly_ukrainian_with_a_russian_minority(corpus: list[DemoAppeal]) -> None:
    russian_share = sum(appeal.language == "ru" for appeal in corpus) / len(corpus)
    assert 0.1 <= russian_share <= 0.25


def test_texts_are_in_their_stated_language(corpus: list[DemoAppeal]) -> None:
    ukrainian_letters = re.compile("[іїєґІЇЄҐ]")
    russian_letters = re.compile("[ыэъёЫЭЪЁ]")
    uk = [a.text for a in corpus if a.language == "uk"]
    ru = [a.text for a in corpus if a.language == "ru"]
    assert sum(bool(ukrainian_letters.search(text)) for text in uk) / len(uk) > 0.95
    assert sum(bool(russian_letters.search(text)) for text in ru) / len(ru) > 0.6


def test_every_topic_and_channel_occurs(corpus: list[DemoAppeal]) -> None:
    assert {appeal.topic_code for appeal in corpus} == set(TOPIC_CODES)
    assert {appeal.channel for appeal in corpus} == set(CHANNELS)


def test_intake_noise_is_present(corpus: list[DemoAppeal]) -> None:
    texts = [appeal.text for appeal in corpus]
    assert any(text.isupper() for text in texts)
    assert {"'", "’", "ʼ", "`"} <= {char for text in texts for char in text}
    assert any(re.search(r"0\d\d[ \-)]", text) for text in texts)


def test_repeats_point_at_an_earlier_appeal_of_the_same_applicant(
    corpus: list[DemoAppeal],
) -> None:
    repeats = [appeal for appeal in corpus if appeal.sign == "repeated"]
    assert len(repeats) > 100
    for repeat in repeats:
        assert repeat.group_hint is not None
        original = corpus[repeat.group_hint]
        assert original.index < repeat.index
        assert original.sign == "primary"
        assert (original.applicant_name, original.phone) == (repeat.applicant_name, repeat.phone)
        assert original.topic_code == repeat.topic_code


def test_mass_copies_share_a_body_but_not_an_author(corpus: list[DemoAppeal]) -> None:
    copies = [appeal for appeal in corpus if appeal.sign == "mass"]
    assert len(copies) > 50
    authors_per_group: dict[int, set[str]] = {}
    for copy in copies:
        assert copy.group_hint is not None
        root = corpus[copy.group_hint]
        assert root.topic_code == copy.topic_code
        assert root.territory_code == copy.territory_code
        authors_per_group.setdefault(copy.group_hint, set()).add(copy.phone)
    assert max(len(phones) for phones in authors_per_group.values()) > 3


def test_primaries_carry_no_group_hint(corpus: list[DemoAppeal]) -> None:
    assert all(a.group_hint is None for a in corpus if a.sign == "primary")


def test_a_naive_start_is_read_as_kyiv_time() -> None:
    naive = next(generate_appeals(1, start=datetime(2025, 6, 1), days=1))
    aware = next(generate_appeals(1, start=datetime(2025, 6, 1, tzinfo=KYIV), days=1))
    assert naive.received_at == aware.received_at


@pytest.mark.parametrize(("n", "days"), [(-1, 10), (10, 0)])
def test_rejects_impossible_arguments(n: int, days: int) -> None:
    with pytest.raises(ValueError):
        list(generate_appeals(n, days=days))


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 120), seed=st.integers(0, 10**6), days=st.integers(1, 30))
def test_any_request_yields_exactly_n_ordered_appeals(n: int, seed: int, days: int) -> None:
    appeals = list(generate_appeals(n, seed=seed, start=START, days=days))
    assert [appeal.index for appeal in appeals] == list(range(n))
    times = [appeal.received_at for appeal in appeals]
    assert times == sorted(times)
    assert all(START <= moment < START + timedelta(days=days) for moment in times)
    assert all(appeal.group_hint is None or appeal.group_hint < appeal.index for appeal in appeals)
