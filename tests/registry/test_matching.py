"""Keys and the sign-of-receipt rules of registry.matching."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.matching import (
    KYIV,
    Classification,
    NewAppealKeys,
    PriorAppeal,
    TextFingerprint,
    address_key,
    classify,
    name_key,
    names_compatible,
    normalize_email,
    normalize_phone,
    text_fingerprint,
    text_similarity,
)

# ----------------------------------------------------------------------------- phones

OPERATOR_CODES = ["50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99", "56"]


@st.composite
def ukrainian_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A subscriber number and one of the many ways a citizen writes it."""
    operator = draw(st.sampled_from(OPERATOR_CODES))
    local = draw(st.text("0123456789", min_size=7, max_size=7))
    national = f"0{operator}{local}"
    prefix = draw(st.sampled_from(["", "+38", "+38 ", "38", "8 ", "8", "+", "+ 38 ", "0038"]))
    digits = f"38{national}" if prefix == "+" else national
    brackets = draw(st.booleans()) and digits == national
    separator = draw(st.sampled_from(["", " ", "-", ".", " - "]))
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=4)))
    pieces = [
        digits[start:end] for start, end in zip([0, *cuts], [*cuts, len(digits)], strict=True)
    ]
    body = separator.join(pieces)
    if brackets:
        body = f"({national[:3]}) {separator.join([national[3:6], national[6:8], national[8:]])}"
    tail = draw(st.sampled_from(["", " доб. 123", ", вн. 45", " (Іван)", " ext. 7", ";"]))
    lead = draw(st.sampled_from(["", "тел.: ", "Телефон ", "моб "]))
    return f"+380{operator}{local}", f"{lead}{prefix}{body}{tail}"


@given(ukrainian_numbers())
def test_every_common_format_of_a_number_gives_one_e164(case: tuple[str, str]) -> None:
    expected, written = case
    assert normalize_phone(written) == expected


@given(ukrainian_numbers())
def test_normalize_phone_is_idempotent(case: tuple[str, str]) -> None:
    _, written = case
    once = normalize_phone(written)
    assert once is not None
    assert normalize_phone(once) == once


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+38 (067) 123-45-67", "+380671234567"),
        ("0671234567", "+380671234567"),
        ("380671234567", "+380671234567"),
        ("8 067 123 45 67", "+380671234567"),
        ("067 123 45 67", "+380671234567"),
        ("67 123 45 67", "+380671234567"),
        ("+380671234567 доб. 12", "+380671234567"),
        ("звернення від 12.03.2024, тел. 050-111-22-33", "+380501112233"),
        ("0671234567, 0501234567", "+380671234567"),
        ("0671234567 0501234567", "+380671234567"),
        ("(056) 744-12-34", "+380567441234"),
        ("0 800 505 600", "+380800505600"),
        ("8-10-38-067-123-45-67", "+380671234567"),
        ("+7 (912) 345-67-89", "+79123456789"),
        ("+48 123 456 789", "+48123456789"),
        ("0049 30 1234567", "+49301234567"),
        ("+381 11 123 4567", "+381111234567"),
    ],
)
def test_phone_table(written: str, expected: str) -> None:
    assert normalize_phone(written) == expected


@pytest.mark.parametrize(
    "written",
    ["", "немає", "12345", "067 123 45", "+380 67 123 45", "1234567890", "+0", "доб. 123"],
)
def test_what_cannot_be_a_number_gives_none(written: str) -> None:
    assert normalize_phone(written) is None


# ----------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (" Ivan.Petrenko@Gmail.COM ", "ivan.petrenko@gmail.com"),
        ("mailto:olena@ukr.net", "olena@ukr.net"),
        ("Олена Коваль <Olena.Koval@UKR.NET>", "olena.koval@ukr.net"),
        ("ivan+appeals@i.ua.", "ivan+appeals@i.ua"),
        ("пошта@Приклад.УКР", "пошта@xn--80aikifvh.xn--j1amh"),
    ],
)
def test_email_table(written: str, expected: str) -> None:
    assert normalize_email(written) == expected


def test_gmail_dots_and_tags_are_kept_apart() -> None:
    assert normalize_email("ivan.petrenko@gmail.com") != normalize_email("ivanpetrenko@gmail.com")
    assert normalize_email("ivan+1@gmail.com") != normalize_email("ivan@gmail.com")


@pytest.mark.parametrize(
    "written", ["", "ivan", "ivan@ukr", "@ukr.net", "ivan@@ukr.net", "a@b..ua"]
)
def test_what_is_not_an_email_gives_none(written: str) -> None:
    assert normalize_email(written) is None


# ----------------------------------------------------------------------------- names

SAME_PEOPLE = [
    [
        "Коваленко Олександр Петрович",
        "олександр  КОВАЛЕНКО петрович",
        "Александр Петрович Коваленко",
        "Kovalenko Oleksandr Petrovych",
        "Kovalenko Alexander Petrovich",
    ],
    [
        "Ковальов Сергій Іванович",
        "Ковалёв Сергей Иванович",
        "Ковалев Сергей Иванович",
        "Kovalov Serhii Ivanovych",
        "Kovalyov Sergey Ivanovich",
    ],
    [
        "Наталія Олійник",
        "Наталья Олейник",
        "Наталия Олейник",
        "Nataliia Oliinyk",
        "Natalya Oleynik",
    ],
    ["Ігор Мірошниченко", "Игорь Мирошниченко", "Ihor Miroshnychenko", "Igor Miroshnichenko"],
    ["Олена Ковальова", "Елена Ковалёва", "Olena Kovalova", "Yelena Kovaleva"],
    ["Мар'яна Гнатюк", "Марʼяна Гнатюк", "Мар’яна Гнатюк", "Maryana Hnatiuk", "Mariana Gnatyuk"],
    ["Ґудзь Юрій Миколайович", "Гудзь Юрий Николаевич", "Hudz Yurii Mykolaiovych"],
    ["Шевченко Тетяна Олексіївна", "Шевченко Татьяна Алексеевна", "Shevchenko Tetiana Oleksiivna"],
    ["Соловйов Дмитро", "Соловьёв Дмитрий", "Solovyov Dmitriy"],
    ["Вишневська Світлана", "Вишневская Светлана", "Vyshnevska Svitlana"],
    ["Щербина Євген Васильович", "Щербина Евгений Васильевич", "Shcherbyna Yevhen Vasylovych"],
    ["Лисенко Ілля", "Лысенко Илья", "Lysenko Illia"],
    ["Кoваленко Cергій", "Коваленко Сергій"],
]


@pytest.mark.parametrize("spellings", SAME_PEOPLE, ids=[group[0] for group in SAME_PEOPLE])
def test_spellings_of_one_name_share_a_key(spellings: list[str]) -> None:
    assert len({name_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Коваленко Іван Петрович", "Коваленко Іван Іванович"),
        ("Коваленко Олена Петрівна", "Коваленко Олег Петрович"),
        ("Коваленко Олександр", "Коваленко Олександра"),
        ("Шевченко Тарас", "Шевчук Тарас"),
    ],
)
def test_different_people_keep_different_keys(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


UK_RU_VARIANTS = [
    ("Олександр", "Александр", "Oleksandr"),
    ("Сергій", "Сергей", "Serhii"),
    ("Наталія", "Наталья", "Наталия"),
    ("Ковальов", "Ковалёв", "Kovalov"),
    ("Мар'яна", "Марьяна", "Maryana"),
    ("Юрійович", "Юрьевич", "Yuriiovych"),
]
APOSTROPHES = ["'", "ʼ", "’", "`", '"']


@given(
    st.lists(st.sampled_from(UK_RU_VARIANTS), min_size=2, max_size=3, unique=True),
    st.data(),
)
def test_name_key_ignores_order_case_spacing_apostrophes_and_language(
    words: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    reference = " ".join(variants[0] for variants in words)
    chosen = [data.draw(st.sampled_from(variants)) for variants in words]
    shuffled = data.draw(st.permutations(chosen))
    cased = [data.draw(st.sampled_from([w.upper(), w.lower(), w.title(), w])) for w in shuffled]
    apostrophe = data.draw(st.sampled_from(APOSTROPHES))
    spacing = data.draw(st.sampled_from([" ", "  ", "\t", " \n "]))
    written = spacing.join(word.replace("'", apostrophe) for word in cased)
    assert name_key(written) == name_key(reference)


def test_name_without_patronymic_is_compatible_but_other_patronymic_is_not() -> None:
    full = name_key("Коваленко Іван Петрович")
    assert names_compatible(full, name_key("Ivan Kovalenko"))
    assert not names_compatible(full, name_key("Коваленко Іван Іванович"))
    assert not names_compatible(name_key("Іван"), name_key("Іван"))


# ----------------------------------------------------------------------------- addresses

Dwelling = tuple[str, str | None, str, str | None]
SAME_DWELLINGS: list[list[Dwelling]] = [
    [
        ("м. Дніпро", "вул. Шевченка", "буд. 12-А", "кв. 5"),
        ("г. Днепр", "ул. Шевченко", "12а", "5"),
        ("Дніпро", "вулиця Шевченка", "12 А", "квартира 5"),
        ("Днепропетровск", "Шевченко ул.", "д. 12а", "кв.5"),
        ("Dnipro", "Shevchenka St.", "12a", "5"),
        ("Дніпропетровська обл., м. Дніпро", "ВУЛ.  ШЕВЧЕНКА", "12-а", "5"),
    ],
    [
        ("Кривий Ріг", "просп. Гагаріна", "10/2", None),
        ("Кривой Рог", "пр-т Гагарина", "10/2", None),
        ("м. Кривий Ріг", "проспект Гагаріна", "буд. 10/2", ""),
    ],
    [
        ("Кам'янське", "пров. Героїв", "3 корп. 2", "14"),
        ("Каменское", "пер. Героев", "3к2", "кв. 14"),
        ("Дніпродзержинськ", "провулок Героїв", "3 к.2", "14"),
    ],
    [("с. Підгородне", None, "15", None), ("село Подгородное", None, "15", None)],
    [
        ("м. Жовті Води", "вул. Січеславська", "1", None),
        ("г. Желтые Воды", "ул. Сичеславская", "1", None),
    ],
    [
        ("Дніпро", "просп. Дмитра Яворницького", "50", "1"),
        ("Днепр", "пр-т Яворницкого Дмитрия", "50", "1"),
    ],
]


@pytest.mark.parametrize("spellings", SAME_DWELLINGS, ids=[group[0][0] for group in SAME_DWELLINGS])
def test_spellings_of_one_address_share_a_key(
    spellings: list[Dwelling],
) -> None:
    keys = {address_key(*spelling) for spelling in spellings}
    assert len(keys) == 1
    assert None not in keys


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Дніпро", "вул. Шевченка", "12", "5"), ("Дніпро", "вул. Шевченка", "12", "6")),
        (("Дніпро", "вул. Шевченка", "12", "5"), ("Дніпро", "вул. Шевченка", "12а", "5")),
        (("Дніпро", "вул. Шевченка", "12", None), ("Павлоград", "вул. Шевченка", "12", None)),
        (("Дніпро", "вул. Робоча", "1", None), ("Дніпро", "вул. Центральна", "1", None)),
    ],
)
def test_different_dwellings_keep_different_keys(
    first: tuple[str, str, str, str | None], second: tuple[str, str, str, str | None]
) -> None:
    assert address_key(*first) != address_key(*second)


@pytest.mark.parametrize(
    "parts",
    [
        (None, "вул. Шевченка", "1", "2"),
        ("Дніпро", "вул. Шевченка", None, "2"),
        ("м.", None, "1", None),
    ],
)
def test_vague_address_has_no_key(
    parts: tuple[str | None, str | None, str | None, str | None],
) -> None:
    assert address_key(*parts) is None


# ----------------------------------------------------------------------------- texts

HOT_WATER = (
    "Прошу вжити заходів щодо відновлення подачі гарячої води в будинку №12 по вулиці "
    "Шевченка. Гарячої води немає вже третій тиждень, звернення до ЖЕК результату не дали."
)
HOT_WATER_EDITED = (
    "прошу вжити заходи щодо відновлення подачі гарячої води у будинку № 12 по вулиці "
    "шевченка!!! гарячої води нема вже третій тиждень , звернення до ЖЕКу результату не дали"
)
HOT_WATER_RUSSIAN_LETTERS = (
    "Прошу вжити заходив щодо видновлення подачи гарячои води в будинку №12 по вулици "
    "Шевченка. Гарячои води немаэ вже третий тиждень, звернення до ЖЕК результату не дали."
)
ROAD = (
    "Прошу відремонтувати дорогу на вулиці Центральній у селі Петриківка, після зими там "
    "суцільні ями і проїхати неможливо."
)
SAME_TOPIC_OTHER_WORDS = (
    "Третій тиждень у нашому будинку немає гарячої води, ЖЕК не відповідає на дзвінки, "
    "просимо допомогти."
)

# Words of at least two different letters: a doubled letter folds to one, and one-letter
# words are not compared.
word = st.text("абвгдежзиклмнопрстуф", min_size=2, max_size=9).filter(lambda w: len(set(w)) > 1)
words_of = st.lists(word, min_size=1, max_size=40)


@given(words_of)
def test_a_text_is_fully_similar_to_itself(words: list[str]) -> None:
    text = " ".join(words)
    assert text_similarity(text, text) == 1.0


@given(
    words_of,
    st.sampled_from([str.upper, str.lower, str.title]),
    st.sampled_from([", ", "  ", "! "]),
)
def test_case_punctuation_and_spacing_do_not_change_the_fingerprint(
    words: list[str], recase: Callable[[str], str], separator: str
) -> None:
    assert text_fingerprint(" ".join(words)) == text_fingerprint(recase(separator.join(words)))


@given(
    st.lists(st.text("абвгд", min_size=2, max_size=8), min_size=1, max_size=30),
    st.lists(st.text("клмнп", min_size=2, max_size=8), min_size=1, max_size=30),
)
def test_texts_without_common_words_are_not_similar(first: list[str], second: list[str]) -> None:
    assert text_similarity(" ".join(first), " ".join(second)) == 0.0


@given(st.lists(st.text("абвгдежзиклмнопрстуф", min_size=2, max_size=9), min_size=30, max_size=60))
def test_similarity_drops_as_more_of_the_text_changes(words: list[str]) -> None:
    text = " ".join(words)
    half_rewritten = " ".join(words[: len(words) // 2] + ["ш" * 3 + str(i) for i in range(30)])
    assert text_similarity(text, half_rewritten) < 0.75


def test_small_edits_and_ukrainian_russian_letters_stay_near_identical() -> None:
    # Three words changed of 27: true Jaccard 0.84; 64 slots estimate it within about 0.05.
    assert text_similarity(HOT_WATER, HOT_WATER_EDITED) >= 0.75
    assert text_similarity(HOT_WATER, HOT_WATER_RUSSIAN_LETTERS) == 1.0


def test_unrelated_and_same_topic_texts_are_not_near_identical() -> None:
    assert text_similarity(HOT_WATER, ROAD) < 0.1
    assert text_similarity(HOT_WATER, SAME_TOPIC_OTHER_WORDS) < 0.5


def test_near_identical_texts_share_a_band_and_unrelated_ones_do_not() -> None:
    original, edited, other = (text_fingerprint(t) for t in (HOT_WATER, HOT_WATER_EDITED, ROAD))
    assert len(original.bands) == 16
    assert set(original.bands) & set(edited.bands)
    assert not set(original.bands) & set(other.bands)


def test_fingerprint_survives_storage_and_is_deterministic() -> None:
    fingerprint = text_fingerprint(HOT_WATER)
    assert TextFingerprint.from_bytes(fingerprint.to_bytes()) == fingerprint
    assert len(fingerprint.to_bytes()) == 512
    assert text_fingerprint(HOT_WATER).bands == fingerprint.bands
    with pytest.raises(ValueError, match="512 bytes"):
        TextFingerprint.from_bytes(b"\x00" * 10)


def test_text_without_words_compares_as_nothing() -> None:
    empty = text_fingerprint(" ... !!! ")
    assert empty.is_empty
    assert empty.bands == []
    assert text_similarity(empty, empty) == 0.0


# ----------------------------------------------------------------------------- classify

NOW = datetime(2025, 3, 20, 10, 0, tzinfo=KYIV)
PHONE = "+380671234567"


def new_appeal(
    text: str = HOT_WATER, topic: str | None = "009", received_at: datetime = NOW, **keys: str
) -> NewAppealKeys:
    return NewAppealKeys(
        received_at=received_at, topic_code=topic, fingerprint=text_fingerprint(text), **keys
    )


def prior_appeal(
    number: str = "ДОДА-2025-000001",
    *,
    days_ago: float = 12,
    text: str = ROAD,
    topic: str | None = "009",
    answered: bool = True,
    resolved_on_merits: bool = False,
    **keys: str,
) -> PriorAppeal:
    return PriorAppeal(
        id=f"id-{number}",
        registration_number=number,
        received_at=NOW - timedelta(days=days_ago),
        topic_code=topic,
        fingerprint=text_fingerprint(text),
        answered=answered,
        resolved_on_merits=resolved_on_merits,
        **keys,
    )


def test_no_candidates_is_primary() -> None:
    result = classify(new_appeal(phone_key=PHONE), [])
    assert result == Classification(sign="primary", matches=())
    assert result.strongest is None


def test_same_phone_and_topic_after_an_answer_is_repeated_and_flags_article_8() -> None:
    prior = prior_appeal(phone_key=PHONE, resolved_on_merits=True)
    result = classify(new_appeal(phone_key=PHONE), [prior])
    assert result.sign == "repeated"
    assert result.earlier_resolved_on_merits
    match = result.matches[0]
    assert match.prior_id == prior.id
    assert match.registration_number == "ДОДА-2025-000001"
    assert match.matched_on == ("phone", "topic")
    assert match.reason == (
        "той самий номер телефону +380671234567, та сама тема 009, 12 днів тому, "
        "попереднє звернення вирішено по суті"
    )


def test_writing_again_while_the_first_is_considered_is_multiple() -> None:
    prior = prior_appeal(days_ago=10, answered=False, email_key="olena@ukr.net")
    result = classify(new_appeal(email_key="olena@ukr.net"), [prior])
    assert result.sign == "multiple"
    assert not result.earlier_resolved_on_merits
    assert result.matches[0].reason == (
        "та сама електронна адреса olena@ukr.net, та сама тема 009, 10 днів тому"
    )


def test_writing_again_after_the_answer_term_without_answer_is_repeated() -> None:
    prior = prior_appeal(days_ago=41, answered=False, phone_key=PHONE)
    result = classify(new_appeal(phone_key=PHONE), [prior])
    assert result.sign == "repeated"
    assert result.matches[0].reason.endswith(
        "41 день тому, відповіді на попереднє звернення досі немає"
    )


def test_same_text_from_same_applicant_soon_after_is_duplicate() -> None:
    copy = f"{HOT_WATER.upper()} !!!"
    prior = prior_appeal(days_ago=2, text=copy, answered=False, applicant_id="a-1")
    result = classify(new_appeal(applicant_id="a-1"), [prior])
    assert result.sign == "duplicate"
    assert result.matches[0].matched_on == ("applicant", "topic", "text")
    assert "той самий заявник у реєстрі" in result.matches[0].reason


def test_same_text_from_other_people_is_mass_and_links_them_all() -> None:
    others = [
        prior_appeal(
            f"ДОДА-2025-00000{i}", days_ago=i, text=HOT_WATER, phone_key=f"+38050000000{i}"
        )
        for i in range(1, 4)
    ]
    result = classify(new_appeal(phone_key=PHONE), others)
    assert result.sign == "mass"
    assert [m.registration_number for m in result.matches] == [
        "ДОДА-2025-000001",
        "ДОДА-2025-000002",
        "ДОДА-2025-000003",
    ]
    assert (
        result.matches[0].reason
        == "інший заявник, та сама тема 009, схожий текст (100%), 1 день тому"
    )


def test_same_applicant_on_another_issue_is_primary() -> None:
    prior = prior_appeal(topic="003", phone_key=PHONE)
    assert classify(new_appeal(phone_key=PHONE), [prior]).sign == "primary"


def test_other_applicant_with_other_text_is_primary() -> None:
    prior = prior_appeal(phone_key="+380501112233")
    assert classify(new_appeal(phone_key=PHONE), [prior]).sign == "primary"


def test_windows_bound_every_link() -> None:
    old_repeat = prior_appeal(days_ago=400, phone_key=PHONE)
    old_mass = prior_appeal(days_ago=120, text=HOT_WATER)
    assert classify(new_appeal(phone_key=PHONE), [old_repeat, old_mass]).sign == "primary"
    wider = classify(
        new_appeal(phone_key=PHONE),
        [old_repeat],
        repeat_window=timedelta(days=500),
    )
    assert wider.sign == "repeated"


def test_appeals_received_later_are_ignored() -> None:
    later = prior_appeal(days_ago=-1, phone_key=PHONE)
    assert classify(new_appeal(phone_key=PHONE), [later]).sign == "primary"


def test_name_and_address_identify_the_applicant_even_without_patronymic() -> None:
    dwelling = address_key("м. Дніпро", "вул. Шевченка", "12", "5")
    assert dwelling is not None
    prior = prior_appeal(
        name_key=name_key("Коваленко Іван Петрович"), address_key=dwelling, answered=False
    )
    same = new_appeal(name_key=name_key("Ivan Kovalenko"), address_key=dwelling)
    son = new_appeal(name_key=name_key("Коваленко Іван Іванович"), address_key=dwelling)
    assert classify(same, [prior]).matches[0].matched_on == ("name_address", "topic")
    assert classify(son, [prior]).sign == "primary"


def test_without_topic_a_similar_text_decides_the_issue() -> None:
    prior = prior_appeal(days_ago=60, text=HOT_WATER_EDITED, topic=None, phone_key=PHONE)
    result = classify(new_appeal(topic=None, phone_key=PHONE), [prior])
    assert result.sign == "repeated"
    assert result.matches[0].matched_on == ("phone", "text")


def test_a_copy_outranks_a_repeat_and_a_mass_appeal() -> None:
    candidates = [
        prior_appeal("ДОДА-2025-000010", days_ago=5, text=HOT_WATER),
        prior_appeal("ДОДА-2025-000011", days_ago=100, phone_key=PHONE),
        prior_appeal("ДОДА-2025-000012", days_ago=1, text=HOT_WATER, phone_key=PHONE),
    ]
    result = classify(new_appeal(phone_key=PHONE), candidates)
    assert result.sign == "duplicate"
    assert [m.sign for m in result.matches] == ["duplicate", "repeated", "mass"]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "сьогодні"),
        (1, "1 день тому"),
        (3, "3 дні тому"),
        (5, "5 днів тому"),
        (11, "11 днів тому"),
        (21, "21 день тому"),
        (22, "22 дні тому"),
        (112, "112 днів тому"),
    ],
)
def test_age_is_told_in_correct_ukrainian(days: int, words: str) -> None:
    prior = prior_appeal(days_ago=days, text=HOT_WATER)
    result = classify(new_appeal(), [prior], mass_window=timedelta(days=365))
    assert result.matches[0].reason.endswith(words)


def test_age_counts_kyiv_calendar_days() -> None:
    late_evening = datetime(2025, 3, 19, 21, 30, tzinfo=UTC)  # 23:30 in Kyiv
    early_morning = datetime(2025, 3, 19, 22, 30, tzinfo=UTC)  # 00:30 next day in Kyiv
    prior = PriorAppeal(
        id="p",
        registration_number="N",
        received_at=late_evening,
        topic_code="009",
        fingerprint=text_fingerprint(HOT_WATER),
        answered=True,
        resolved_on_merits=False,
    )
    result = classify(new_appeal(received_at=early_morning), [prior])
    assert result.matches[0].reason.endswith("1 день тому")


@given(st.lists(st.integers(1, 30), max_size=5))
def test_sign_is_primary_exactly_when_nothing_links(later_by_days: list[int]) -> None:
    later = [
        prior_appeal(f"L{d}", days_ago=-d, text=HOT_WATER, phone_key=PHONE) for d in later_by_days
    ]
    result = classify(new_appeal(phone_key=PHONE), later)
    assert result.sign == "primary"
    assert result.matches == ()
