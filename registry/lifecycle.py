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


# Art. 8 grounds for leaving an appeal without consideration (domain Part A §3).
NOT_CONSIDERED_REASONS: frozenset[str] = frozenset(
    {"anonymous", "repeated_resolved", "complaint_late", "incapable", "essence_unclear"}
)

# While in these statuses the body still owes an answer, so a passed due date is overdue.
OPEN_STATUSES: frozenset[AppealStatus] = frozenset(
    {"registered", "routed", "in_work", "extended", "returned_for_rework", "redirected"}
)

# The applicant has had an answer (a later appeal on the issue disputes it: a repeat).
ANSWERED_STATUSES: frozenset[AppealStatus] = frozenset(
    {"answered", "on_check", "closed", "resolved_on_contact"}
)

# Outcomes that decide the issue on the merits (Art. 8: a repeat of these may be not considered).
MERITS_OUTCOMES: frozenset[str] = frozenset({"resolved_positively", "explained", "refused"})
