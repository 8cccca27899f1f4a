"""Intake's pure rules: lookup codes, rate limits, Art. 5 completeness, attachment checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import lookup_codes
from intake.attachments import IncomingFile, check_files, safe_filename
from intake.electronic_appeal import ElectronicAppealInput, check_electronic_appeal
from intake.rate_limit import TokenBucketLimiter

keys = st.text(min_size=1, max_size=60)


@given(keys)
def test_a_derived_code_is_stable_and_matches_its_hash(key: str) -> None:
    code = lookup_codes.code_for_key("secret", "portal", key)
    assert code == lookup_codes.code_for_key("secret", "portal", key)
    assert len(code) == lookup_codes.CODE_LENGTH
    assert set(code) <= set(lookup_codes.ALPHABET)
    assert lookup_codes.matches(code, lookup_codes.hash_code(code))


@given(keys)
def test_another_secret_gives_another_code(key: str) -> None:
    assert lookup_codes.code_for_key("one", "portal", key) != lookup_codes.code_for_key(
        "two", "portal", key
    )


def test_a_typed_code_is_forgiven_case_dashes_spaces_and_look_alikes() -> None:
    code = "0A1BC-DEFGH"
    stored = lookup_codes.hash_code(code)
    assert lookup_codes.matches(" oa1bc defgh ", stored)
    assert lookup_codes.matches("OAIBC-DEFGH", stored)
    assert not lookup_codes.matches("0A1BC-DEFGJ", stored)
    assert not lookup_codes.matches(code, None)


def test_fresh_codes_differ() -> None:
    assert len({lookup_codes.new_code() for _ in range(1000)}) == 1000


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@given(
    rate=st.floats(min_value=0.01, max_value=50),
    burst=st.integers(min_value=1, max_value=20),
    gaps=st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=200),
)
def test_a_client_never_gets_more_than_burst_plus_rate_times_elapsed(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=rate, burst=burst, clock=clock)
    allowed = 0
    for gap in gaps:
        clock.now += gap
        if limiter.acquire("203.0.113.7") is None:
            allowed += 1
    assert allowed <= burst + rate * clock.now + 1e-6


def test_a_refusal_says_how_long_to_wait_and_other_clients_are_unaffected() -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=0.5, burst=1, clock=clock)
    assert limiter.acquire("a") is None
    assert limiter.acquire("a") == pytest.approx(2.0)
    assert limiter.acquire("b") is None
    clock.now = 2.0
    assert limiter.acquire("a") is None


def test_the_limiter_forgets_the_oldest_clients_beyond_its_size() -> None:
    limiter = TokenBucketLimiter(rate=1, burst=1, max_keys=2, clock=FakeClock())
    for key in ("a", "b", "c"):
        limiter.acquire(key)
    assert limiter.acquire("a") is None
    assert limiter.acquire("c") is not None


def complete(**changes: object) -> ElectronicAppealInput:
    values: dict[str, object] = {
        "full_name": "Коваленко Олена Петрівна",
        "residence": "м. Дніпро, вул. Робоча, 5",
        "text": "Немає холодної води третій день.",
        "email": "olena@example.com",
        "consent": True,
    }
    values.update(changes)
    return ElectronicAppealInput(**values)  # type: ignore[arg-type]


def test_a_complete_appeal_passes_normalised() -> None:
    checked = check_electronic_appeal(
        complete(full_name="  Коваленко   Олена ", phone="(067) 111-22-33"), max_text_length=100
    )
    assert checked.errors == {}
    assert checked.appeal is not None
    assert checked.appeal.full_name == "Коваленко Олена"
    assert checked.appeal.phone == "+380671112233"
    assert checked.appeal.anonymous is False


@pytest.mark.parametrize("missing", ["full_name", "residence"])
def test_without_name_or_residence_the_appeal_is_anonymous_not_refused(missing: str) -> None:
    checked = check_electronic_appeal(complete(**{missing: ""}), max_text_length=100)
    assert checked.appeal is not None
    assert checked.appeal.anonymous is True


def test_a_phone_alone_is_a_contact_and_a_foreign_number_is_kept() -> None:
    checked = check_electronic_appeal(
        complete(email="", phone="+48 601 234 567"), max_text_length=100
    )
    assert checked.appeal is not None
    assert checked.appeal.phone == "+48601234567"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "коротко"}, "text"),
        ({"text": "х" * 101}, "text"),
        ({"email": "", "phone": ""}, "contact"),
        ({"email": "olena@"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"consent": False}, "consent"),
        ({"full_name": "х" * 301}, "full_name"),
    ],
)
def test_each_gap_is_named_with_its_field(changes: dict[str, object], field: str) -> None:
    checked = check_electronic_appeal(complete(**changes), max_text_length=100)
    assert checked.appeal is None
    assert list(checked.errors) == [field]


def test_files_are_judged_by_content_size_and_count() -> None:
    png = b"\x89PNG\r\n\x1a\n1234"
    accepted, refused = check_files(
        [
            IncomingFile("photo.exe", png),
            IncomingFile("big.pdf", b"%PDF-" + b"0" * 100),
            IncomingFile("note.txt", b"hello"),
            IncomingFile("empty.png", b""),
        ],
        max_count=5,
        max_bytes=50,
    )
    assert [(file.filename, file.content_type) for file in accepted] == [("photo.png", "image/png")]
    assert [(file.filename, file.problem) for file in refused] == [
        ("big.pdf", "too_large"),
        ("note.txt", "wrong_type"),
        ("empty.png", "empty"),
    ]
    _, too_many = check_files([IncomingFile("a.png", png)] * 3, max_count=2, max_bytes=50)
    assert [file.problem for file in too_many] == ["too_many"]


def test_a_file_name_cannot_climb_out_or_break_a_header() -> None:
    assert safe_filename("../../etc/passwd", ".pdf") == "passwd.pdf"
    assert safe_filename('a"b\r\nc.png', ".png") == "a_b_c.png"
    assert safe_filename("фото двору.jpeg", ".jpg") == "фото двору.jpg"
