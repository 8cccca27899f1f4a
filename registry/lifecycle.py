"""The appeal's lifecycle (domain Part A §1) as an explicit transition table.

Overdue is not a status: it is derived from the due date (see `shared.deadlines`).
"""

from __future__ import annotations

from shared.events import AppealStatus

SIDE_EXITS: frozenset[AppealStatus] = frozenset(
    {"returned_to_applicant", "forwarded", "not_considered"}
)

TRANSITIONS: dict[AppealStatus, frozenset[AppealStatus]] = {
    "received": frozenset({"registered"}),
    "registered": frozenset(
        {"resolved_on_contact", "routed", "returned_to_applicant", "forwarded", "not_considered"}
    ),
    "routed": frozenset(
        {"in_work", "extended", "answered", "redirected", "forwarded", "not_considered"}
    ),
    "in_work": frozenset({"extended", "answered", "redirected"}),
    "extended": frozenset({"in_work", "extended", "answered", "redirected"}),
    "answered": frozenset({"on_check", "closed", "returned_for_rework"}),
    "on_check": frozenset({"closed", "returned_for_rework"}),
    "returned_for_rework": frozenset({"in_work", "extended", "answered", "redirected"}),
    "redirected": frozenset({"routed", "forwarded", "registered"}),
    "resolved_on_contact": frozenset({"closed"}),
    "returned_to_applicant": frozenset({"closed"}),
    "forwarded": frozenset({"closed"}),
    "not_considered": frozenset({"closed"}),
    "closed": frozenset({"returned_for_rework"}),
}

# How far along the main path a status is, so that a late, older event can be recognised.
PROGRESS: dict[AppealStatus, int] = {
    "received": 0,
    "registered": 1,
    "resolved_on_contact": 2,
    "routed": 2,
    "redirected": 2,
    "in_work": 3,
    "extended": 4,
    "returned_for_rework": 4,
    "answered": 5,
    "on_check": 6,
    "returned_to_applicant": 7,
    "forwarded": 7,
    "not_considered": 7,
    "closed": 8,
}


def can_move(current: AppealStatus, target: AppealStatus) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def is_stale(current: AppealStatus, target: AppealStatus) -> bool:
    """True when `target` is behind `current`: an event that arrived after a later one."""
    return PROGRESS[target] < PROGRESS[current]
