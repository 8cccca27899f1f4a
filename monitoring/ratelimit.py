"""A per-client sliding-window limit for the public endpoints.

Kept in the process: each replica limits on its own, which bounds the load a client can
put on one replica. A limit shared across replicas would need a shared store.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from shared.errors import TooManyRequests

WINDOW_SECONDS = 60.0
MAX_TRACKED_CLIENTS = 10_000


class SlidingWindowLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def check(self, client: str) -> None:
        """Count one request of ``client``, or refuse it with 429 and Retry-After."""
        now = self.clock()
        hits = self._hits.get(client)
        if hits is None:
            if len(self._hits) >= MAX_TRACKED_CLIENTS:
                self._forget_idle(now)
            hits = self._hits.setdefault(client, deque())
        while hits and now - hits[0] >= WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= self.per_minute:
            retry_after = max(1, math.ceil(WINDOW_SECONDS - (now - hits[0])))
            raise TooManyRequests(
                f"Too many requests from this address: at most {self.per_minute} a minute. "
                f"Try again in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
            )
        hits.append(now)

    def _forget_idle(self, now: float) -> None:
        for client in [
            key for key, hits in self._hits.items() if not hits or now - hits[-1] >= WINDOW_SECONDS
        ]:
            del self._hits[client]
