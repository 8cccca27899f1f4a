"""Decisions people record on an appeal (Art. 5, 7, 8 and closing), each with its reason.

A decision is a checked move in the transition table: an illegal one is refused with 409
and nothing changes; a legal one is written to the history with who, when and why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from registry.service import Cause, change_status
from shared.auth import Principal, Role
from shared.errors import Forbidden
from shared.events import AppealStatus, Outcome
from shared.outbox import Outbox

DecisionKind = Literal[
    "not_considered", "returned_to_applicant", "forwarded", "return_for_rework", "close"
]
NotConsideredReason = Literal[
    "anonymous", "repeated_resolved", "complaint_late", "incapable", "essence_unclear"
]

TARGET: dict[DecisionKind, AppealStatus] = {
    "not_considered": "not_considered",
    "returned_to_applicant": "returned_to_applicant",
    "forwarded": "forwarded",
    "return_for_rework": "returned_for_rework",
    "close": "closed",
}

# Operators send back or forward what they registered; the rest is the supervisor's call.
OPERATOR_DECISIONS: frozenset[DecisionKind] = frozenset({"returned_to_applicant", "forwarded"})


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    reason: str
    reason_code: NotConsideredReason | None = None
    outcome: Outcome | None = None


def allowed(principal: Principal, kind: DecisionKind) -> bool:
    if principal.has_any(frozenset({Role.SUPERVISOR, Role.ADMIN})):
        return True
    return Role.OPERATOR in principal.roles and kind in OPERATOR_DECISIONS


async def record_decision(
    session: AsyncSession,
    outbox: Outbox,
    principal: Principal,
    appeal_id: uuid.UUID,
    decision: Decision,
    *,
    correlation_id: str,
) -> uuid.UUID:
    """Apply the decision; its id is the history's source event. Conflict when illegal."""
    if not allowed(principal, decision.kind):
        raise Forbidden(f"Only a supervisor may record the decision '{decision.kind}'.")
    decision_id = uuid.uuid4()
    values: dict[str, Any] = {}
    reason = decision.reason
    if decision.kind == "not_considered":
        values["not_considered_reason"] = decision.reason_code
        reason = f"{decision.reason_code}: {decision.reason}"
    if decision.kind == "close":
        values["outcome"] = decision.outcome
    await change_status(
        session,
        outbox,
        Cause(appeal_id, decision_id, correlation_id),
        TARGET[decision.kind],
        actor=principal.subject,
        reason=reason,
        values=values,
        strict=True,
    )
    return decision_id
