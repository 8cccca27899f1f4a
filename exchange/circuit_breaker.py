"""A small async circuit breaker: stop calling a partner that keeps failing, then probe it.

No well-kept async breaker is among the project's dependencies, and the rules fit in a
page. Closed: calls pass and consecutive failures are counted. Open (after
``failure_threshold`` of them): calls are refused at once until ``reset_timeout`` has
passed. Half-open: up to ``half_open_max_calls`` trial calls pass; a success closes the
circuit, a failure opens it again for another ``reset_timeout``.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(Exception):
    """Raised instead of calling while the circuit is open."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"Circuit open; next trial in {retry_after:.1f} s")
        self.retry_after = retry_after


def _every_error_counts(_: Exception) -> bool:
    return True


class CircuitBreaker:
    """Counts failures of the calls it guards; one instance per partner system."""

    def __init__(
        self,
        failure_threshold: int = 5,
        reset_timeout: float = 30.0,
        half_open_max_calls: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1 or half_open_max_calls < 1 or reset_timeout < 0:
            raise ValueError("threshold and trial calls must be positive, timeout not negative")
        self._failure_threshold = failure_threshold
        self._reset_timeout = reset_timeout
        self._half_open_max_calls = half_open_max_calls
        self._clock = clock
        self._state = CircuitState.CLOSED
        self._consecutive_failures = 0
        self._opened_at = 0.0
        self._trials_in_flight = 0

    @property
    def state(self) -> CircuitState:
        """The current state, moving from open to half-open once the timeout has passed."""
        if (
            self._state is CircuitState.OPEN
            and self._clock() - self._opened_at >= self._reset_timeout
        ):
            self._state = CircuitState.HALF_OPEN
            self._trials_in_flight = 0
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._consecutive_failures

    def before_call(self) -> None:
        """Admit a call or raise ``CircuitOpenError``; pair it with a ``record_*`` call."""
        state = self.state
        if state is CircuitState.OPEN:
            raise CircuitOpenError(self._reset_timeout - (self._clock() - self._opened_at))
        if state is CircuitState.HALF_OPEN:
            if self._trials_in_flight >= self._half_open_max_calls:
                raise CircuitOpenError(0.0)
            self._trials_in_flight += 1

    def record_success(self) -> None:
        self._state = CircuitState.CLOSED
        self._consecutive_failures = 0
        self._trials_in_flight = 0

    def release_trial(self) -> None:
        """Give back a half-open trial slot when a call ended without a verdict."""
        if self._state is CircuitState.HALF_OPEN and self._trials_in_flight > 0:
            self._trials_in_flight -= 1

    def record_failure(self) -> None:
        self._consecutive_failures += 1
        if (
            self._state is CircuitState.HALF_OPEN
            or self._consecutive_failures >= self._failure_threshold
        ):
            self._state = CircuitState.OPEN
            self._opened_at = self._clock()
            self._trials_in_flight = 0

    async def call(
        self,
        operation: Callable[[], Awaitable[T]],
        is_failure: Callable[[Exception], bool] = _every_error_counts,
    ) -> T:
        """Run ``operation`` through the breaker; errors for which ``is_failure`` is false
        (such as a partner's refusal of a bad request) prove the partner is alive."""
        self.before_call()
        try:
            result = await operation()
        except asyncio.CancelledError:
            self.release_trial()
            raise
        except Exception as error:
            if is_failure(error):
                self.record_failure()
            else:
                self.record_success()
            raise
        self.record_success()
        return result
