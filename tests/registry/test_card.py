"""The registration card rules (pure): subject, priority, form of receipt, attachments."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from registry.card import (
    APPEAL_TYPE,
    FORM_OF_RECEIPT,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    card_of,
    check_attachments,
    is_privileged,
)
from shared.events import Address, AppealReceived, Applicant, AttachmentRef
from shared.reference import load_classifier

CATEGORIES = [value.code for value in load_classifier().values("author_category")]
CHANNELS = sorted(FORM_OF_RECEIPT)


def appeal(applicant: Applicant, channel: str = "web", **extra: object) -> AppealReceived:
    return AppealReceived.model_validate(
        {
            "submission_id": uuid.uuid4(),
            "channel": channel,
            "received_at": datetime(2026, 3, 2, 10, tzinfo=UTC),
            "applicant": applicant,
            "text": "Текст звернення.",
            **extra,
        }
    )


@given(st.lists(st.sampled_from(CATEGORIES), max_size=4))
def test_priority_is_any_privileged_category(codes: list[str]) -> None:
    privileged = {v.code for v in load_classifier().values("author_category") if v.privileged}
    assert is_privileged(codes) == bool(privileged & set(codes))


def test_an_unknown_category_grants_no_priority() -> None:
    assert is_privileged(["99.9"]) is False


@given(
    name=st.sampled_from([None, "", "  ", "Петренко Іван"]),
    settlement=st.sampled_from([None, "", "Дніпро"]),
    channel=st.sampled_from(CHANNELS),
    signatories=st.sampled_from([None, 5]),
)
def test_subject_follows_art5(
    name: str | None, settlement: str | None, channel: str, signatories: int | None
) -> None:
    applicant = Applicant(
        full_name=name, address=Address(settlement=settlement) if settlement is not None else None
    )
    card = card_of(appeal(applicant, channel, collective_signatories=signatories))
    complete = bool((name or "").strip()) and bool((settlement or "").strip())
    if not complete:
        assert card.subject == "anonymous"
        assert card.anonymous_written == (APPEAL_TYPE[channel] != "oral")  # type: ignore[index]
    else:
        assert card.subject == ("collective" if signatories else "individual")
        assert card.anonymous_written is False
    assert card.form_of_receipt == FORM_OF_RECEIPT[channel]  # type: ignore[index]


@given(
    decided_days_ago=st.integers(min_value=0, max_value=800),
    learned_after=st.integers(min_value=0, max_value=400),
)
def test_late_complaint_flag_is_never_set_for_other_kinds(
    decided_days_ago: int, learned_after: int
) -> None:
    decided = date(2026, 3, 2) - timedelta(days=decided_days_ago)
    learned = min(decided + timedelta(days=learned_after), date(2026, 3, 2))
    applicant = Applicant(full_name="Петренко Іван", address=Address(settlement="Дніпро"))
    extra = {"complaint_decision_date": decided, "complaint_learned_date": learned}
    assert card_of(appeal(applicant, kind="application", **extra)).complaint_late is None
    late = card_of(appeal(applicant, kind="complaint", **extra)).complaint_late
    assert late is not None
    if decided_days_ago > 366 + 31:
        assert late is True
    if decided_days_ago <= 28:
        assert late is False


def test_attachments_beyond_the_limits_are_recorded_as_refused() -> None:
    ok = AttachmentRef(file_name="a.pdf", content_type="application/pdf", size_bytes=10)
    big = AttachmentRef(
        file_name="b.pdf", content_type="application/pdf", size_bytes=MAX_ATTACHMENT_BYTES + 1
    )
    exe = AttachmentRef(file_name="c.exe", content_type="application/x-msdownload", size_bytes=1)
    decisions = check_attachments([ok, big, exe] + [ok] * MAX_ATTACHMENTS)
    assert [d.accepted for d in decisions[:3]] == [True, False, False]
    assert sum(d.accepted for d in decisions) == MAX_ATTACHMENTS - 2
    assert all(d.refusal for d in decisions if not d.accepted)
