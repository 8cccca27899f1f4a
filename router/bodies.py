"""The bodies directory: who answers appeals and how each receives them.

A webhook secret is stored because the router must sign with it, but it is never returned:
readers see only whether one is set and its last four characters. A pull key is stored as
its SHA-256 only and shown once, when it is issued.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from router.audit import record
from router.models import body
from router.schemas import BodyIn, BodyPatch, DeliveryIn
from shared.errors import Conflict, NotFound

PULL_KEY_PREFIX = "cc-body-"


@dataclass(frozen=True)
class BodyDelivery:
    """What the delivery worker needs to reach one body."""

    code: str
    method: str
    url: str | None
    secret: str | None
    active: bool


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _delivery_document(delivery: DeliveryIn) -> dict[str, Any]:
    return {"method": delivery.method, "url": str(delivery.url) if delivery.url else None}


def public_view(row: Any) -> dict[str, Any]:
    """The body as any staff member may read it: the secret reduced to a hint."""
    document = dict(row.document)
    delivery = dict(document.get("delivery") or {"method": "pull", "url": None})
    secret = row.webhook_secret
    delivery["secret_set"] = secret is not None
    delivery["secret_hint"] = f"…{secret[-4:]}" if secret else None
    delivery["pull_key_issued"] = row.pull_key_hash is not None
    document["delivery"] = delivery
    document["active"] = row.active
    return document


def _audit_view(document: dict[str, Any], active: bool) -> dict[str, Any]:
    return {**document, "active": active}


async def _row(session: AsyncSession, code: str, *, lock: bool = False) -> Any:
    query = select(body).where(body.c.code == code)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFound(f"No body with code '{code}'.")
    return row


async def get_body(session: AsyncSession, code: str) -> dict[str, Any]:
    return public_view(await _row(session, code))


async def list_bodies(session: AsyncSession, *, include_inactive: bool) -> list[dict[str, Any]]:
    query = select(body).order_by(body.c.code)
    if not include_inactive:
        query = query.where(body.c.active.is_(True))
    return [public_view(row) for row in await session.execute(query)]


async def create_body(session: AsyncSession, new: BodyIn, *, actor: str) -> dict[str, Any]:
    if (await session.execute(select(body.c.code).where(body.c.code == new.code))).first():
        raise Conflict(f"A body with code '{new.code}' already exists.")
    if new.delivery.method == "webhook" and new.delivery.secret is None:
        raise Conflict("A webhook body needs a secret to sign deliveries with.")
    document = new.model_dump(mode="json", exclude={"delivery"})
    document["delivery"] = _delivery_document(new.delivery)
    await session.execute(
        body.insert().values(
            code=new.code,
            name_uk=new.name_uk,
            kind=new.kind,
            document=document,
            active=True,
            webhook_secret=new.delivery.secret.get_secret_value() if new.delivery.secret else None,
            updated_at=datetime.now(UTC),
        )
    )
    await record(
        session,
        actor=actor,
        action="body.created",
        subject_type="body",
        subject_id=new.code,
        details={"after": _audit_view(document, True)},
    )
    return await get_body(session, new.code)


async def update_body(
    session: AsyncSession, code: str, patch: BodyPatch, *, actor: str
) -> dict[str, Any]:
    row = await _row(session, code, lock=True)
    before = dict(row.document)
    document = {
        **before,
        **patch.model_dump(mode="json", exclude_unset=True, exclude={"delivery", "active"}),
    }
    secret = row.webhook_secret
    secret_rotated = False
    if patch.delivery is not None:
        document["delivery"] = _delivery_document(patch.delivery)
        if patch.delivery.secret is not None:
            secret = patch.delivery.secret.get_secret_value()
            secret_rotated = True
        if patch.delivery.method == "webhook" and secret is None:
            raise Conflict("A webhook body needs a secret to sign deliveries with.")
    active = row.active if patch.active is None else patch.active
    await session.execute(
        update(body)
        .where(body.c.code == code)
        .values(
            name_uk=document["name_uk"],
            kind=document["kind"],
            document=document,
            active=active,
            webhook_secret=secret,
            updated_at=datetime.now(UTC),
        )
    )
    await record(
        session,
        actor=actor,
        action="body.updated",
        subject_type="body",
        subject_id=code,
        details={
            "before": _audit_view(before, row.active),
            "after": _audit_view(document, active),
            "secret_rotated": secret_rotated,
        },
    )
    return await get_body(session, code)


async def deactivate_body(session: AsyncSession, code: str, *, actor: str) -> dict[str, Any]:
    """Deactivated bodies get no new appeals; what they already hold stays theirs."""
    return await update_body(session, code, BodyPatch(active=False), actor=actor)


async def issue_pull_key(session: AsyncSession, code: str, *, actor: str) -> str:
    """A new key for the body's system to pull with; the previous one stops working."""
    await _row(session, code, lock=True)
    key = PULL_KEY_PREFIX + secrets.token_urlsafe(32)
    await session.execute(
        update(body)
        .where(body.c.code == code)
        .values(pull_key_hash=key_hash(key), updated_at=datetime.now(UTC))
    )
    await record(
        session,
        actor=actor,
        action="body.pull_key_issued",
        subject_type="body",
        subject_id=code,
    )
    return key


async def body_of_pull_key(session: AsyncSession, key: str) -> str | None:
    found = await session.scalar(
        select(body.c.code).where(body.c.pull_key_hash == key_hash(key), body.c.active.is_(True))
    )
    return str(found) if found is not None else None


async def active_body_codes(session: AsyncSession) -> set[str]:
    rows = await session.execute(select(body.c.code).where(body.c.active.is_(True)))
    return {code for (code,) in rows}


async def delivery_of(session: AsyncSession, code: str) -> BodyDelivery | None:
    row = (await session.execute(select(body).where(body.c.code == code))).first()
    if row is None:
        return None
    delivery = (row.document or {}).get("delivery") or {}
    return BodyDelivery(
        code=code,
        method=str(delivery.get("method", "pull")),
        url=delivery.get("url"),
        secret=row.webhook_secret,
        active=bool(row.active),
    )
