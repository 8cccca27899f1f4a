"""Keys and rules that recognise repeated, duplicate, multiple and mass appeals.

The same citizen calls the hotline, writes on the portal and in Telegram; copies of one
letter reach several addressees; a whole street writes about the same broken pipe. The
registry must see these links (classifier section 2, "sign of receipt") without ever
deleting an appeal. This module is pure: it turns contact details, names, addresses and
texts into normalised keys the registry stores in indexed columns, and it decides the
sign of a new appeal against the earlier appeals the registry found by those keys.
See docs/repeats-and-duplicates.md for the rules and their reasons.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")

# --------------------------------------------------------------------------- letters

# Apostrophe look-alikes people type inside names such as Мар'яна or Кам'янське.
_APOSTROPHES = "'ʼ’‘`´\"ʹ′ꞌ＇"
_COMBINING_CARON = "\u030c"

# Cyrillic letters folded onto one Latin skeleton shared by Ukrainian, Russian and their
# romanisations: vowels that differ between the languages fall together (і/и/ы/ї/й -> i,
# е/є/э/ё -> e), г/ґ/х -> h, the soft and hard signs vanish. й, ї and ё never reach this
# table: stripping diacritics has already turned them into и, і and е.
_CYRILLIC_SKELETON = str.maketrans(
    "абвгґдеєэжзиіыклмнопрстуфхцчшщ",
    "abvhhdeeežziiiklmnoprstufhcčšš",
    "ьъ",
) | str.maketrans({"ю": "iu", "я": "ia"})

# Latin spellings of the same sounds (Ukrainian passport romanisation, Russian and Polish
# habits) mapped onto the skeleton letters above. Longest spellings first.
_LATIN_DIGRAPHS = re.compile(r"shch|sch|tch|ch|sh|zh|kh|ts|tz|cz|sz|ph|x")
_LATIN_DIGRAPH_SKELETON = {
    "shch": "š",
    "sch": "š",
    "tch": "č",
    "ch": "č",
    "sh": "š",
    "zh": "ž",
    "kh": "h",
    "ts": "c",
    "tz": "c",
    "cz": "č",
    "sz": "š",
    "ph": "f",
    "x": "ks",
}
_LATIN_LETTER_SKELETON = str.maketrans({"y": "i", "j": "i", "g": "h", "w": "v", "q": "k"})
# Latin letters typed by mistake inside a Cyrillic word (Кoваленко with a Latin o).
_LATIN_LOOKALIKES = str.maketrans("abcehikmoptxy", "авсенікмортху")
_MIXED_WORD = re.compile(r"\w*[а-яёіїєґ]\w*")
_REPEATED_LETTER = re.compile(r"(.)\1+")
_WORD = re.compile(r"\w+")
_VOWELS = re.compile(r"[aeiou]")


def _strip_accents(text: str) -> str:
    """Drop stress marks, breves and diaeresis (й->и, ї->і, ё->е) but keep the caron of š/č/ž."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = (
        char for char in decomposed if not unicodedata.combining(char) or char == _COMBINING_CARON
    )
    return unicodedata.normalize("NFC", "".join(kept))


def _as_cyrillic(word: re.Match[str]) -> str:
    return word.group().translate(_LATIN_LOOKALIKES)


def _skeleton(text: str) -> str:
    """Fold Ukrainian, Russian and romanised spellings of one word onto the same letters."""
    folded = _MIXED_WORD.sub(
        lambda word: word.group().translate(_LATIN_LOOKALIKES), text.casefold()
    )
    folded = _strip_accents(folded)
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "")
    folded = _LATIN_DIGRAPHS.sub(lambda found: _LATIN_DIGRAPH_SKELETON[found.group()], folded)
    folded = folded.translate(_CYRILLIC_SKELETON).translate(_LATIN_LETTER_SKELETON)
    folded = _REPEATED_LETTER.sub(r"\1", folded)
    # є is romanised "ye"/"ie" and Russian -ей is Ukrainian -ій (Сергей/Сергій, Олейник/Олійник).
    folded = folded.replace("ie", "e").replace("ei", "i")
    return _REPEATED_LETTER.sub(r"\1", folded)


def _skeleton_words(text: str) -> list[str]:
    return _WORD.findall(_skeleton(text))


def _consonants(word: str) -> str:
    """Vowels are where Ukrainian and Russian place names differ (Підгородне/Подгородное)."""
    return _VOWELS.sub("", word) or word


# --------------------------------------------------------------------------- contacts

_PHONE_RUN = re.compile(r"\+?\d[\d\s().\-]*\d")
_DIGIT_GROUP = re.compile(r"\d+")
_UKRAINIAN_SUBSCRIBER = re.compile(r"[3-9]\d{8}")
_FOREIGN_E164 = re.compile(r"[1-9]\d{7,14}")


def _ukrainian_subscriber(digits: str) -> str | None:
    """The 9-digit national number inside a Ukrainian dialling form, if it is one."""
    for prefix in ("380", "80", "0", ""):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            if _UKRAINIAN_SUBSCRIBER.fullmatch(rest):
                return rest
    return None


def _phone_from_digits(digits: str, *, international: bool) -> str | None:
    if not international:
        for exit_code in ("00", "810"):
            if digits.startswith(exit_code):
                return _phone_from_digits(digits[len(exit_code) :], international=True)
        subscriber = _ukrainian_subscriber(digits)
        return f"+380{subscriber}" if subscriber else None
    if digits.startswith("380"):
        subscriber = _ukrainian_subscriber(digits)
        return f"+380{subscriber}" if subscriber and len(digits) == 12 else None
    if digits.startswith("0"):
        subscriber = _ukrainian_subscriber(digits)
        return f"+380{subscriber}" if subscriber else None
    return f"+{digits}" if _FOREIGN_E164.fullmatch(digits) else None


def _phone_in_run(run: str, *, international: bool) -> str | None:
    """Two numbers separated by spaces read as one run: the longest readable prefix wins."""
    groups = _DIGIT_GROUP.findall(run)
    for group_count in range(len(groups), 0, -1):
        phone = _phone_from_digits("".join(groups[:group_count]), international=international)
        if phone is not None:
            return phone
    return None


def normalize_phone(raw: str) -> str | None:
    """The number in E.164 ("+380671234567"), or None when it cannot be dialled.

    Accepts every way people write a Ukrainian number (with or without +38, 38, 8, the
    leading 0, brackets, dashes, spaces, an extension or words around it). A foreign
    number is kept only when written internationally (+ or 00), since without a country
    code it cannot be told from a mistyped Ukrainian one.
    """
    for found in _PHONE_RUN.finditer(raw):
        international = found.group().startswith("+") or raw[: found.start()].rstrip().endswith("+")
        phone = _phone_in_run(found.group(), international=international)
        if phone is not None:
            return phone
    return None


_EMAIL = re.compile(r"[^@\s<>(),;:\"'\[\]]+@[^@\s<>(),;:\"'\[\]]+\.[^@\s<>(),;:\"'\[\].]+")


def normalize_email(raw: str) -> str | None:
    """The address in lower case with an ASCII (IDNA) domain, or None if there is none.

    Dots and "+tags" in the local part are kept even for Gmail: other providers treat
    them as different mailboxes, and merging two people's addresses would link one
    citizen's appeals (and personal data) to another's.
    """
    found = _EMAIL.search(raw.replace("mailto:", " "))
    if found is None:
        return None
    local, domain = found.group().rsplit("@", 1)
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return f"{local.lower()}@{ascii_domain.lower()}"


# --------------------------------------------------------------------------- names

# Ukrainian and Russian forms (and common romanisations) of one first name whose letters
# differ beyond what the skeleton folds. The first form is the canonical one.
_FIRST_NAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Олександр", "Александр", "Alexander", "Aleksander", "Oleksander"),
    ("Олександра", "Александра"),
    ("Олексій", "Алексей"),
    ("Дмитро", "Дмитрий"),
    ("Микола", "Николай"),
    ("Михайло", "Михаил"),
    ("Володимир", "Владимир"),
    ("Василь", "Василий"),
    ("Петро", "Пётр", "Petr"),
    ("Павло", "Павел"),
    ("Федір", "Фёдор"),
    ("Яків", "Яков"),
    ("Костянтин", "Константин"),
    ("Євген", "Евгений"),
    ("Євгенія", "Евгения"),
    ("Микита", "Никита"),
    ("Юхим", "Ефим"),
    ("Кирило", "Кирилл"),
    ("Данило", "Даниил"),
    ("Гліб", "Глеб"),
    ("Олена", "Елена"),
    ("Тетяна", "Татьяна"),
    ("Світлана", "Светлана"),
    ("Катерина", "Екатерина"),
    ("Ганна", "Анна"),
    ("Надія", "Надежда"),
    ("Віра", "Вера"),
)
_PATRONYMIC = re.compile(r"(?P<stem>.{3,}?)(?P<suffix>ovič|evič|ivna|ovna|evna)")
_FEMININE_PATRONYMIC_SUFFIXES = frozenset({"ivna", "ovna", "evna"})
# Russian -ев/-ёв is Ukrainian -єв/-ьов/-йов; Russian -ская/-ая is Ukrainian -ська/-а.
_SURNAME_ENDINGS = ((re.compile(r"i?[eo]v(a?)$"), r"ov\1"), (re.compile(r"aia$"), "a"))


def _stem(word: str) -> str:
    """A first name without its final vowels: what its patronymic is built on."""
    return word.rstrip("aeiou") or word


def _canonical_first_names() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    stems: dict[str, str] = {}
    for variants in _FIRST_NAME_VARIANTS:
        canonical = _skeleton(variants[0])
        for variant in variants:
            names[_skeleton(variant)] = canonical
            stems[_stem(_skeleton(variant))] = _stem(canonical)
    return names, stems


_FIRST_NAMES, _FIRST_NAME_STEMS = _canonical_first_names()


def _canonical_name_word(word: str) -> str:
    if word in _FIRST_NAMES:
        return _FIRST_NAMES[word]
    patronymic = _PATRONYMIC.fullmatch(word)
    if patronymic is not None:
        stem = _stem(patronymic["stem"])
        suffix = "ivna" if patronymic["suffix"] in _FEMININE_PATRONYMIC_SUFFIXES else "ovič"
        return _FIRST_NAME_STEMS.get(stem, stem) + suffix
    if len(word) >= 5:
        for ending, replacement in _SURNAME_ENDINGS:
            word = ending.sub(replacement, word)
    return word


def name_key(full_name: str) -> str:
    """A key equal for every spelling of one person's name.

    Insensitive to case, spacing, word order, apostrophes, Ukrainian/Russian/Latin
    spelling (Олександр Ковальов = Александр Ковалёв = Oleksandr Kovalov) and to the
    Russian or Ukrainian form of the patronymic. Words are sorted and space-separated,
    so `names_compatible` can also accept a name written without its patronymic.
    """
    words = {_canonical_name_word(word) for word in _skeleton_words(full_name.replace("-", " "))}
    return " ".join(sorted(words))


def names_compatible(key_a: str, key_b: str) -> bool:
    """Same person by name: the shorter key has two words or more, all found in the longer.

    Web and Telegram forms often omit the patronymic; a differing patronymic (a father
    and a son at one address) still keeps the two apart.
    """
    words_a, words_b = set(key_a.split()), set(key_b.split())
    shorter, longer = sorted((words_a, words_b), key=len)
    return len(shorter) >= 2 and shorter <= longer


# --------------------------------------------------------------------------- addresses

_SETTLEMENT_TYPE = re.compile(
    r"\b(?:місто|город|м|г|смт|пгт|селище|поселок|сел|с-ще|село|с|city)\b\.?",
)
_REGION_PART = re.compile(r"обл|район|р-н|громад|\bтг\b|\bотг\b|область", re.IGNORECASE)
_STREET_TYPE = re.compile(
    r"\b(?:вулиця|вул|улица|ул|проспект|просп|пр-т|пр|провулок|пров|переулок|пер|бульвар"
    r"|бульв|б-р|площа|площадь|пл|набережна|набережная|наб|шосе|шоссе|узвіз|спуск|тупик"
    r"|проїзд|проезд|майдан|мікрорайон|микрорайон|мкр|житловий масив|жилмассив|ж/м"
    r"|street|str|st|avenue|ave)\b\.?",
)
_HOUSE_WORDS = re.compile(r"\b(?:будинок|буд|дом|д|б|house)\b\.?")
_BUILDING_WORDS = re.compile(r"\b(?:корпус|корп|к)\b\.?")
_FLAT_WORDS = re.compile(r"\b(?:квартира|кв-ра|кв|apt|flat)\b\.?")

# Settlements renamed since 2016 (decommunisation) and 2024 still appear under old names.
_SETTLEMENT_RENAMES = {
    "Дніпропетровськ": "Дніпро",
    "Днепропетровск": "Дніпро",
    "Дніпродзержинськ": "Кам'янське",
    "Днепродзержинск": "Кам'янське",
    "Орджонікідзе": "Покров",
    "Орджоникидзе": "Покров",
    "Новомосковськ": "Самар",
    "Новомосковск": "Самар",
    "Першотравенськ": "Шахтарське",
    "Першотравенск": "Шахтарське",
    "Желтые Воды": "Жовті Води",
    "Жёлтые Воды": "Жовті Води",
}


def _place_name_key(text: str) -> str:
    return " ".join(sorted(_consonants(word) for word in _skeleton_words(text)))


_RENAMED_SETTLEMENTS = {
    _place_name_key(old): _place_name_key(new) for old, new in _SETTLEMENT_RENAMES.items()
}


def _settlement_key(settlement: str) -> str:
    parts = [part for part in settlement.split(",") if not _REGION_PART.search(part)]
    name = _SETTLEMENT_TYPE.sub(" ", (parts[0] if parts else settlement).casefold())
    key = _place_name_key(name)
    return _RENAMED_SETTLEMENTS.get(key, key)


def _number_key(text: str) -> str:
    """House and flat numbers: "12-А", "12 а", "12a" are one; "/" is kept (12/1)."""
    return "".join(re.findall(r"[\w/]+", _skeleton(text)))


def address_key(
    settlement: str | None, street: str | None, house: str | None, flat: str | None
) -> str | None:
    """A key equal for every spelling of one dwelling, or None when it is too vague.

    The street type (вул., просп., пр-т, ...) is dropped and names are reduced to their
    consonants, so Ukrainian, Russian and case forms agree (вул. Шевченка = ул. Шевченко).
    Without a settlement or a house number an address cannot tell people apart.
    """
    settlement_part = _settlement_key(settlement) if settlement else ""
    house_text = _HOUSE_WORDS.sub(" ", house.casefold()) if house else ""
    house_part = _number_key(_BUILDING_WORDS.sub("k", house_text))
    if not settlement_part or not house_part:
        return None
    street_part = _place_name_key(_STREET_TYPE.sub(" ", street.casefold())) if street else ""
    flat_part = _number_key(_FLAT_WORDS.sub(" ", flat.casefold())) if flat else ""
    return "|".join((settlement_part, street_part, house_part, flat_part))


# --------------------------------------------------------------------------- texts

SIGNATURE_SIZE = 64
BAND_COUNT = 16
_ROWS_PER_BAND = SIGNATURE_SIZE // BAND_COUNT
_MERSENNE_PRIME = (1 << 61) - 1
_EMPTY_SLOT = _MERSENNE_PRIME
_SLOT_BYTES = 8
_STEM_LETTERS = 4


def _hash_coefficients() -> tuple[tuple[int, int], ...]:
    """Fixed (a, b) pairs of the universal hashes a*x+b mod p, derived from a constant seed."""
    pairs = []
    for index in range(SIGNATURE_SIZE):
        digest = hashlib.blake2b(f"minhash-{index}".encode(), digest_size=16).digest()
        multiplier = int.from_bytes(digest[:8], "big") % (_MERSENNE_PRIME - 1) + 1
        offset = int.from_bytes(digest[8:], "big") % _MERSENNE_PRIME
        pairs.append((multiplier, offset))
    return tuple(pairs)


_COEFFICIENTS = _hash_coefficients()


@dataclass(frozen=True)
class TextFingerprint:
    """A MinHash signature of a text's word pairs: compact, stored with the appeal.

    Two signatures agree in a share of slots that estimates the Jaccard similarity of the
    two texts' word pairs. `bands` lets the database find candidates by equality.
    """

    signature: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.signature) != SIGNATURE_SIZE:
            raise ValueError(f"a fingerprint has {SIGNATURE_SIZE} slots")

    @property
    def is_empty(self) -> bool:
        """A text without words has nothing to compare."""
        return all(slot == _EMPTY_SLOT for slot in self.signature)

    @property
    def bands(self) -> list[str]:
        """16 band hashes for LSH lookup, prefixed by band number so one array column holds them.

        Two texts share at least one band with probability 1-(1-J⁴)¹⁶: about 0.999 at
        Jaccard 0.8, 0.64 at 0.5 and 0.12 at 0.3. An empty text has no bands.
        """
        if self.is_empty:
            return []
        result = []
        for band in range(BAND_COUNT):
            rows = self.signature[band * _ROWS_PER_BAND : (band + 1) * _ROWS_PER_BAND]
            payload = b"".join(row.to_bytes(_SLOT_BYTES, "big") for row in rows)
            result.append(f"{band:02d}{hashlib.blake2b(payload, digest_size=8).hexdigest()}")
        return result

    def to_bytes(self) -> bytes:
        """512 bytes for a bytea column."""
        return b"".join(slot.to_bytes(_SLOT_BYTES, "big") for slot in self.signature)

    @classmethod
    def from_bytes(cls, data: bytes) -> TextFingerprint:
        """Read back what `to_bytes` wrote."""
        if len(data) != SIGNATURE_SIZE * _SLOT_BYTES:
            raise ValueError(f"a fingerprint is {SIGNATURE_SIZE * _SLOT_BYTES} bytes")
        return cls(
            tuple(
                int.from_bytes(data[start : start + _SLOT_BYTES], "big")
                for start in range(0, len(data), _SLOT_BYTES)
            )
        )


def _text_words(text: str) -> list[str]:
    """Words cut to 4 letters, one-letter words dropped: a crude stemmer for both languages.

    Endings carry case and number (заходів/заходи, немає/нема), and one-letter words
    alternate for euphony (в/у, і/й); neither changes what the appeal is about.
    """
    return [
        word if word.isdigit() else word[:_STEM_LETTERS]
        for word in _skeleton_words(text)
        if len(word) > 1
    ]


def _shingles(text: str) -> set[str]:
    words = _text_words(text)
    if len(words) < 2:
        return set(words)
    return {f"{first} {second}" for first, second in pairwise(words)}


def text_fingerprint(text: str) -> TextFingerprint:
    """Fingerprint of the essence of an appeal, blind to case, punctuation and uk/ru letters."""
    shingle_hashes = [
        int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for shingle in _shingles(text)
    ]
    return TextFingerprint(
        tuple(
            min(
                ((multiplier * value + offset) % _MERSENNE_PRIME for value in shingle_hashes),
                default=_EMPTY_SLOT,
            )
            for multiplier, offset in _COEFFICIENTS
        )
    )


def text_similarity(a: TextFingerprint | str, b: TextFingerprint | str) -> float:
    """Estimated Jaccard similarity of two texts' word pairs, 0.0 to 1.0 (0.0 if one is empty)."""
    first = text_fingerprint(a) if isinstance(a, str) else a
    second = text_fingerprint(b) if isinstance(b, str) else b
    if first.is_empty or second.is_empty:
        return 0.0
    agreeing = sum(x == y for x, y in zip(first.signature, second.signature, strict=True))
    return agreeing / SIGNATURE_SIZE


# --------------------------------------------------------------------------- classification

Sign = Literal["primary", "repeated", "duplicate", "multiple", "mass"]
LinkSign = Literal["repeated", "duplicate", "multiple", "mass"]
MatchBasis = Literal["applicant", "phone", "email", "name_address", "topic", "text"]

# When one appeal matches several earlier ones, the strongest relation gives its sign.
_SIGN_PRECEDENCE: dict[LinkSign, int] = {"duplicate": 0, "repeated": 1, "multiple": 2, "mass": 3}


@dataclass(frozen=True)
class NewAppealKeys:
    """What the registry knows about an appeal being registered, in key form."""

    received_at: datetime
    topic_code: str | None
    fingerprint: TextFingerprint
    phone_key: str | None = None
    email_key: str | None = None
    name_key: str | None = None
    address_key: str | None = None
    applicant_id: str | None = None


@dataclass(frozen=True)
class PriorAppeal:
    """An earlier appeal found by the keys of the new one.

    `answered` means the applicant already has an answer (or the appeal is closed);
    `resolved_on_merits` is the Art. 8 fact that makes a repeat not to be considered.
    """

    id: str
    registration_number: str
    received_at: datetime
    topic_code: str | None
    fingerprint: TextFingerprint | None
    answered: bool
    resolved_on_merits: bool
    phone_key: str | None = None
    email_key: str | None = None
    name_key: str | None = None
    address_key: str | None = None
    applicant_id: str | None = None


@dataclass(frozen=True)
class Match:
    """A link from the new appeal to one earlier appeal, with the reason shown to staff."""

    prior_id: str
    registration_number: str
    prior_received_at: datetime
    sign: LinkSign
    reason: str
    matched_on: tuple[MatchBasis, ...]
    similarity: float
    earlier_resolved_on_merits: bool


@dataclass(frozen=True)
class Classification:
    """The sign of receipt of the new appeal and every link behind it, strongest first."""

    sign: Sign
    matches: tuple[Match, ...]

    @property
    def strongest(self) -> Match | None:
        """The earlier appeal the new one is linked to first."""
        return self.matches[0] if self.matches else None

    @property
    def earlier_resolved_on_merits(self) -> bool:
        """Art. 8: a repeat on an issue already resolved on the merits may be not considered."""
        return any(m.sign == "repeated" and m.earlier_resolved_on_merits for m in self.matches)


@dataclass(frozen=True)
class _Rules:
    repeat_window: timedelta
    duplicate_window: timedelta
    mass_window: timedelta
    mass_threshold: float
    duplicate_threshold: float
    same_issue_threshold: float
    answer_term: timedelta


def _same_applicant(new: NewAppealKeys, prior: PriorAppeal) -> list[tuple[MatchBasis, str]]:
    evidence: list[tuple[MatchBasis, str]] = []
    if new.applicant_id and new.applicant_id == prior.applicant_id:
        evidence.append(("applicant", "той самий заявник у реєстрі"))
    if new.phone_key and new.phone_key == prior.phone_key:
        evidence.append(("phone", f"той самий номер телефону {new.phone_key}"))
    if new.email_key and new.email_key == prior.email_key:
        evidence.append(("email", f"та сама електронна адреса {new.email_key}"))
    if (
        new.address_key
        and new.address_key == prior.address_key
        and new.name_key
        and prior.name_key
        and names_compatible(new.name_key, prior.name_key)
    ):
        evidence.append(("name_address", "те саме прізвище, імʼя та адреса"))
    return evidence


def _days_word(days: int) -> str:
    if days % 10 == 1 and days % 100 != 11:
        return "день"
    if days % 10 in (2, 3, 4) and days % 100 not in (12, 13, 14):
        return "дні"
    return "днів"


def _when(new_at: datetime, prior_at: datetime) -> str:
    days = (_kyiv_day(new_at) - _kyiv_day(prior_at)).days
    return "сьогодні" if days == 0 else f"{days} {_days_word(days)} тому"


def _kyiv_day(moment: datetime) -> date:
    return (moment.astimezone(KYIV) if moment.tzinfo else moment).date()


def _link(new: NewAppealKeys, prior: PriorAppeal, rules: _Rules) -> Match | None:
    age = new.received_at - prior.received_at
    if age < timedelta(0):
        return None
    similarity = text_similarity(new.fingerprint, prior.fingerprint) if prior.fingerprint else 0.0
    same_topic = bool(new.topic_code) and new.topic_code == prior.topic_code
    topic_unknown = not new.topic_code or not prior.topic_code
    same_issue = same_topic or (topic_unknown and similarity >= rules.same_issue_threshold)
    evidence = _same_applicant(new, prior)
    notes: list[str] = []
    sign: LinkSign
    if evidence and similarity >= rules.duplicate_threshold and age <= rules.duplicate_window:
        sign = "duplicate"
    elif evidence and same_issue and age <= rules.repeat_window:
        overdue = not prior.answered and age > rules.answer_term
        sign = "repeated" if prior.answered or overdue else "multiple"
        if overdue:
            notes.append("відповіді на попереднє звернення досі немає")
        if prior.answered and prior.resolved_on_merits:
            notes.append("попереднє звернення вирішено по суті")
    elif not evidence and similarity >= rules.mass_threshold and age <= rules.mass_window:
        sign = "mass"
    else:
        return None
    bases: list[MatchBasis] = [basis for basis, _ in evidence]
    reasons = [text for _, text in evidence] or ["інший заявник"]
    if same_topic:
        bases.append("topic")
        reasons.append(f"та сама тема {new.topic_code}")
    if similarity >= rules.same_issue_threshold:
        bases.append("text")
        reasons.append(f"схожий текст ({round(similarity * 100)}%)")
    reasons.append(_when(new.received_at, prior.received_at))
    return Match(
        prior_id=prior.id,
        registration_number=prior.registration_number,
        prior_received_at=prior.received_at,
        sign=sign,
        reason=", ".join([*reasons, *notes]),
        matched_on=tuple(bases),
        similarity=similarity,
        earlier_resolved_on_merits=prior.resolved_on_merits,
    )


def classify(
    new: NewAppealKeys,
    candidates: Sequence[PriorAppeal],
    *,
    repeat_window: timedelta = timedelta(days=365),
    mass_threshold: float = 0.8,
    duplicate_threshold: float = 0.8,
    same_issue_threshold: float = 0.5,
    duplicate_window: timedelta = timedelta(days=30),
    mass_window: timedelta = timedelta(days=90),
    answer_term: timedelta = timedelta(days=30),
) -> Classification:
    """Decide the sign of receipt of a new appeal against earlier appeals of the region.

    Same applicant (registry id, phone, e-mail, or name with address):
      near-identical text within `duplicate_window` -> duplicate (a copy);
      same topic (or, with a topic missing, a similar text) within `repeat_window` ->
      repeated when the earlier one was answered or is overdue past `answer_term`
      (the applicant disputes the decision or the delay), otherwise multiple.
    Another applicant with a near-identical text within `mass_window` -> mass.
    No link -> primary. Candidates received after the new appeal are ignored.
    """
    rules = _Rules(
        repeat_window=repeat_window,
        duplicate_window=duplicate_window,
        mass_window=mass_window,
        mass_threshold=mass_threshold,
        duplicate_threshold=duplicate_threshold,
        same_issue_threshold=same_issue_threshold,
        answer_term=answer_term,
    )
    links = [link for prior in candidates if (link := _link(new, prior, rules)) is not None]
    links.sort(
        key=lambda link: (
            _SIGN_PRECEDENCE[link.sign],
            -link.similarity,
            -link.prior_received_at.timestamp(),
        )
    )
    return Classification(sign=links[0].sign if links else "primary", matches=tuple(links))
