"""HTTP client of the UCC exchange contract v1.

Every call is safe to repeat (PUT upserts, updates carry ``update_id``, reads are reads),
so transient failures (5xx, 429, timeouts, broken connections) are retried with
exponential backoff and jitter; refusals (other 4xx) are not. A circuit breaker stops the
retries from hammering a UCC that is down. The client returns feed pages as they come:
deduplicating items (by ``item_id``) and surviving reordered or rewound pages is the job
of whoever consumes them, because only the consumer knows what it has already applied.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import structlog
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from exchange.circuit_breaker import CircuitBreaker, CircuitOpenError
from exchange.ucc_contract import (
    API_KEY_HEADER,
    API_PREFIX,
    AckResult,
    AppealCard,
    AppealListPage,
    AppealUpdate,
    AssignmentPage,
    Problem,
    PushResult,
    UccAppealSummary,
    UpdateResult,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
logger = structlog.get_logger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class UccError(Exception):
    """Base of the errors this client raises."""


class UccRejected(UccError):
    """The UCC refused the request (4xx); repeating it unchanged will not help."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail or ''}".strip())
        self.problem = problem

    @property
    def status_code(self) -> int:
        return self.problem.status


class UccUnavailable(UccError):
    """The UCC did not answer usefully after the retries, or the circuit is open."""


class UccProtocolError(UccError):
    """The UCC answered 2xx with a body that does not follow the contract."""


class _TransientStatus(Exception):
    """A status worth retrying (5xx, 429); kept internal, surfaced as ``UccUnavailable``."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"UCC answered {response.status_code}")
        self.status_code = response.status_code


_TRANSIENT_ERRORS = (httpx.TransportError, _TransientStatus)


def _is_transient(error: Exception) -> bool:
    return isinstance(error, _TRANSIENT_ERRORS)


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts per call and the exponential backoff between them (seconds)."""

    max_attempts: int = 4
    initial_backoff: float = 0.5
    max_backoff: float = 10.0
    jitter: float = 0.5


def _log_retry(retry_state: RetryCallState) -> None:
    outcome = retry_state.outcome
    error = outcome.exception() if outcome is not None else None
    logger.warning(
        "ucc.retry",
        attempt=retry_state.attempt_number,
        error=repr(error),
        sleep=retry_state.upcoming_sleep,
    )


def _problem_from(response: httpx.Response) -> Problem:
    try:
        return Problem.model_validate_json(response.content)
    except ValidationError:
        return Problem(
            title=response.reason_phrase or "Rejected",
            status=response.status_code,
            detail=response.text[:500] or None,
        )


class UccClient:
    """Talks to the UCC for one region with one API key."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        region: str,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._region_path = f"{API_PREFIX}/regions/{quote(region, safe='')}"
        self._retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker()
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers={API_KEY_HEADER: api_key, "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    async def __aenter__(self) -> "UccClient":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def push_appeal(self, card: AppealCard) -> PushResult:
        """Create or update the UCC copy of an appeal registered here."""
        path = f"/appeals/{quote(card.regional_id, safe='')}"
        return await self._call("PUT", path, PushResult, json=card.model_dump(mode="json"))

    async def push_update(self, regional_id: str, update: AppealUpdate) -> UpdateResult:
        """Report a status change; a repeated ``update_id`` is answered as ``replayed``."""
        path = f"/appeals/{quote(regional_id, safe='')}/updates"
        return await self._call("POST", path, UpdateResult, json=update.model_dump(mode="json"))

    async def pull_assignments(self, after: str | None = None, limit: int = 100) -> AssignmentPage:
        """One page of the assignment feed after ``after`` (``None``: from the start)."""
        params: dict[str, str | int] = {"limit": limit}
        if after is not None:
            params["after"] = after
        return await self._call("GET", "/assignments", AssignmentPage, params=params)

    async def ack_assignment(self, ucc_number: str) -> AckResult:
        """Tell the UCC the region has taken this appeal and what the feed said about it."""
        path = f"/assignments/{quote(ucc_number, safe='')}/ack"
        return await self._call("POST", path, AckResult)

    async def list_appeals(
        self,
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        cursor: str | None = None,
        limit: int = 200,
    ) -> AppealListPage:
        """One page of what the UCC holds for the region, for reconciliation."""
        params: dict[str, str | int] = {"limit": limit}
        if updated_from is not None:
            params["updated_from"] = updated_from.isoformat()
        if updated_to is not None:
            params["updated_to"] = updated_to.isoformat()
        if cursor is not None:
            params["cursor"] = cursor
        return await self._call("GET", "/appeals", AppealListPage, params=params)

    async def iter_appeals(
        self,
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        page_size: int = 200,
    ) -> AsyncIterator[UccAppealSummary]:
        """Every appeal of the listing, page after page.

        An appeal changed during the walk moves to the end and may be yielded twice.
        """
        cursor: str | None = None
        while True:
            page = await self.list_appeals(updated_from, updated_to, cursor, page_size)
            for item in page.items:
                yield item
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def _call(self, method: str, path: str, answer: type[ModelT], **request: Any) -> ModelT:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._retry.max_attempts),
            wait=wait_exponential_jitter(
                multiplier=self._retry.initial_backoff,
                max=self._retry.max_backoff,
                jitter=self._retry.jitter,
            ),
            retry=retry_if_exception_type(_TRANSIENT_ERRORS),
            before_sleep=_log_retry,
            reraise=True,
        )
        try:
            response: httpx.Response = await retrying(
                self._guarded_send, method, self._region_path + path, request
            )
        except CircuitOpenError as error:
            raise UccUnavailable(f"UCC circuit is open: {error}") from error
        except _TRANSIENT_ERRORS as error:
            raise UccUnavailable(f"UCC unavailable after retries: {error!r}") from error
        try:
            return answer.model_validate_json(response.content)
        except ValidationError as error:
            raise UccProtocolError(f"{method} {path}: answer breaks the contract") from error

    async def _guarded_send(self, method: str, url: str, request: dict[str, Any]) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._http.request(method, url, **request)
            if response.status_code >= 500 or response.status_code == 429:
                raise _TransientStatus(response)
            if response.status_code >= 400:
                raise UccRejected(_problem_from(response))
            return response

        return await self.breaker.call(send, is_failure=_is_transient)
