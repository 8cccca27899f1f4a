"""Who may see what of an appeal (domain Part A §6), and the audit of personal-data reads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import audit_log
from registry.search import NameVisibility
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

STAFF_WITH_FULL_VIEW = frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM})


def has_full_view(principal: Principal) -> bool:
    return principal.has_any(STAFF_WITH_FULL_VIEW)


def is_body_officer_only(principal: Principal) -> bool:
    return Role.BODY_OFFICER in principal.roles and not has_full_view(principal)


def visible_appeal(principal: Principal, record: dict[str, Any]) -> dict[str, Any]:
    """The appeal as this principal may see it, or NotFound when it is not theirs to see.

    A body officer sees only its body's appeals (others look absent, not forbidden, so that
    numbers cannot be probed), never the special categories (disability, veteran status:
    Part A §6), and not the applicant's identity when the appeal is confidential.
    """
    if has_full_view(principal):
        return record
    if Role.BODY_OFFICER in principal.roles:
        if principal.body_code is None or record.get("body_code") != principal.body_code:
            raise NotFound("No such appeal.")
        shown = {**record, "author_categories": None}
        if record.get("confidential"):
            shown["applicant"] = None
        return shown
    raise Forbidden("This role sees aggregates only, not individual appeals.")


def name_visibility(principal: Principal) -> NameVisibility:
    """Whose names a list may show to this principal (analysts: nobody's)."""
    if has_full_view(principal):
        return "all"
    if Role.BODY_OFFICER in principal.roles:
        return "unless_confidential"
    return "none"


def list_scope(principal: Principal) -> str | None:
    """The body a list is confined to; a body officer without a body sees nothing."""
    if is_body_officer_only(principal):
        return principal.body_code or ""
    return None


async def audit_read(
    session: AsyncSession,
    principal: Principal,
    action: str,
    *,
    appeal_id: uuid.UUID | None = None,
    detail: str | None = None,
) -> None:
    await session.execute(
        audit_log.insert().values(
            at=datetime.now(UTC),
            subject=principal.subject,
            roles=",".join(sorted(role.value for role in principal.roles)),
            action=action,
            appeal_id=appeal_id,
            detail=detail,
        )
    )
