"""Misbehaviour on demand, so clients are tested against the failures a real UCC shows.

Transport faults (``fail``, ``delay``, ``hang``) hit any ``/ucc/v1`` request; feed faults
(``duplicate``, ``reorder``, ``cursor_rewind``) hit the next pages of the assignment
feed. Each fault lasts for ``count`` requests, oldest first; ``reset`` clears them all.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FaultMode = Literal["fail", "delay", "hang", "duplicate", "reorder", "cursor_rewind", "reset"]
TRANSPORT_MODES = frozenset({"fail", "delay", "hang"})


class FaultSpec(BaseModel):
    """What to break and for how many requests."""

    model_config = ConfigDict(extra="forbid")

    mode: FaultMode
    count: int = Field(default=1, ge=1, description="Requests (or feed pages) affected.")
    status_code: int = Field(default=503, ge=500, le=599, description="For 'fail'.")
    when: Literal["before", "after"] = Field(
        default="before",
        description="For 'fail': 'after' applies the request, then loses the answer.",
    )
    seconds: float = Field(
        default=30.0, gt=0, le=3600, description="For 'delay' the pause; for 'hang' the cap."
    )
    rewind_by: int = Field(default=1, ge=1, description="For 'cursor_rewind': items re-sent.")
    seed: int | None = Field(default=None, description="For 'reorder': makes shuffles repeatable.")


class ActiveFault(BaseModel):
    spec: FaultSpec
    remaining: int


@dataclass
class FeedMisbehaviour:
    """The feed faults that apply to one page."""

    rewind_by: int = 0
    duplicate: bool = False
    shuffler: random.Random | None = None


class FaultBook:
    """Active faults, consumed one request at a time."""

    def __init__(self) -> None:
        self._active: list[ActiveFault] = []
        self._release_hangs = asyncio.Event()

    @property
    def active(self) -> list[ActiveFault]:
        return list(self._active)

    def add(self, spec: FaultSpec) -> None:
        if spec.mode == "reset":
            self.reset()
            return
        self._active.append(ActiveFault(spec=spec, remaining=spec.count))

    def reset(self) -> None:
        """Forget every fault and let hanging requests go."""
        self._active.clear()
        self._release_hangs.set()
        self._release_hangs = asyncio.Event()

    def _take(self, modes: frozenset[str]) -> FaultSpec | None:
        for fault in self._active:
            if fault.spec.mode in modes:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._active.remove(fault)
                return fault.spec
        return None

    def take_transport_fault(self) -> FaultSpec | None:
        return self._take(TRANSPORT_MODES)

    def take_feed_misbehaviour(self) -> FeedMisbehaviour:
        misbehaviour = FeedMisbehaviour()
        rewind = self._take(frozenset({"cursor_rewind"}))
        if rewind is not None:
            misbehaviour.rewind_by = rewind.rewind_by
        misbehaviour.duplicate = self._take(frozenset({"duplicate"})) is not None
        reorder = self._take(frozenset({"reorder"}))
        if reorder is not None:
            misbehaviour.shuffler = random.Random(reorder.seed)
        return misbehaviour

    async def hang(self, cap_seconds: float) -> None:
        """Hold a request until reset or the cap, whichever comes first."""
        release = self._release_hangs
        try:
            await asyncio.wait_for(release.wait(), timeout=cap_seconds)
        except TimeoutError:
            return
