"""Who may see what of an appeal (domain Part A §6), and the audit of personal-data reads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import audit_log
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

STAFF_WITH_FULL_VIEW = frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM})


def visible_appeal(principal: Principal, record: dict[str, Any]) -> dict[str, Any]:
    """The appeal as this principal may see it, or NotFound when it is not theirs to see.

    A body officer sees only its body's appeals (others look absent, not forbidden, so that
    numbers cannot be probed) and not the applicant's identity when the appeal is confidential.
    """
    if principal.has_any(STAFF_WITH_FULL_VIEW):
        return record
    if Role.BODY_OFFICER in principal.roles:
        if principal.body_code is None or record.get("body_code") != principal.body_code:
            raise NotFound("No such appeal.")
        if record.get("confidential"):
            return {**record, "applicant": None}
        return record
    raise Forbidden("This role sees aggregates only, not individual appeals.")


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
