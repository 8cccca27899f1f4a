"""The webhook signature scheme and the retry schedule, as a body's developer relies on them."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from router.delivery import backoff, canonical_body, signature, verify

SECRET = "s" * 40


def test_signature_is_the_documented_hmac_over_timestamp_dot_body() -> None:
    documented = "539fb8a9af956fecbcbc77e12facaab676469ede87acd907a7b03bc1f863e374"
    body = canonical_body({"b": 1, "a": "звернення"})
    assert body == '{"a":"звернення","b":1}'.encode()
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature(SECRET, "1700000000", body) == f"sha256={expected}" == f"sha256={documented}"


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=5), st.text(min_size=1))
def test_any_change_to_body_or_secret_breaks_the_signature(
    payload: dict[str, str], other: str
) -> None:
    body = canonical_body(payload)
    now = str(int(time.time()))
    sent = signature(SECRET, now, body)
    assert verify(SECRET, now, body, sent)
    assert not verify(SECRET, now, body + other.encode(), sent)
    assert not verify(SECRET + other, now, body, sent)


def test_an_old_timestamp_is_refused_to_stop_replays() -> None:
    body = canonical_body({"appeal_id": "x"})
    old = str(int(time.time()) - 3600)
    assert not verify(SECRET, old, body, signature(SECRET, old, body))
    assert not verify(SECRET, "not-a-number", body, signature(SECRET, "not-a-number", body))


@given(st.integers(min_value=0, max_value=60), st.floats(0.01, 10), st.floats(1, 3600))
def test_backoff_stays_within_the_exponential_envelope(
    attempt: int, base: float, cap: float
) -> None:
    wait = backoff(attempt, base=base, cap=cap)
    assert timedelta(0) <= wait <= timedelta(seconds=min(cap, base * 2**attempt))
