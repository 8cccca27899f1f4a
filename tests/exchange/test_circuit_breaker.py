import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exchange.circuit_breaker import CircuitBreaker, CircuitOpenError, CircuitState
from tests.exchange.conftest import ManualClock


async def succeed() -> str:
    return "ok"


async def fail() -> str:
    raise ConnectionError("down")


@given(outcomes=st.lists(st.booleans(), max_size=40), threshold=st.integers(1, 6))
def test_opens_exactly_after_threshold_consecutive_failures(
    outcomes: list[bool], threshold: int
) -> None:
    breaker = CircuitBreaker(failure_threshold=threshold, reset_timeout=60, clock=lambda: 0.0)
    streak = 0
    for succeeded in outcomes:
        if streak >= threshold:
            with pytest.raises(CircuitOpenError):
                breaker.before_call()
            continue
        breaker.before_call()
        if succeeded:
            breaker.record_success()
            streak = 0
        else:
            breaker.record_failure()
            streak += 1
    expected = CircuitState.OPEN if streak >= threshold else CircuitState.CLOSED
    assert breaker.state is expected


async def test_half_open_admits_one_trial_at_a_time() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=10, clock=clock)
    with pytest.raises(ConnectionError):
        await breaker.call(fail)
    clock.now += 10
    trial_started = asyncio.Event()
    finish_trial = asyncio.Event()

    async def slow_trial() -> str:
        trial_started.set()
        await finish_trial.wait()
        return "ok"

    trial = asyncio.create_task(breaker.call(slow_trial))
    await trial_started.wait()
    with pytest.raises(CircuitOpenError):
        await breaker.call(succeed)
    finish_trial.set()

    assert await trial == "ok"
    assert breaker.state is CircuitState.CLOSED


async def test_open_circuit_says_when_to_try_again() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=10, clock=clock)
    with pytest.raises(ConnectionError):
        await breaker.call(fail)
    clock.now += 4

    with pytest.raises(CircuitOpenError) as refused:
        await breaker.call(succeed)

    assert refused.value.retry_after == pytest.approx(6)


async def test_errors_judged_harmless_count_as_success() -> None:
    breaker = CircuitBreaker(failure_threshold=1, clock=lambda: 0.0)

    with pytest.raises(ConnectionError):
        await breaker.call(fail, is_failure=lambda error: not isinstance(error, ConnectionError))

    assert breaker.state is CircuitState.CLOSED


async def test_cancelled_trial_frees_its_slot() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=10, clock=clock)
    with pytest.raises(ConnectionError):
        await breaker.call(fail)
    clock.now += 10
    trial = asyncio.create_task(breaker.call(asyncio.Event().wait))
    await asyncio.sleep(0)
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial

    assert await breaker.call(succeed) == "ok"


def test_refuses_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="positive"):
        CircuitBreaker(failure_threshold=0)
