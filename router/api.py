"""Router's HTTP API: the bodies directory and the competence rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from router.models import body, competence_rule
from shared.auth import Role, require
from shared.service import runtime_of

router = APIRouter(tags=["routing"])

STAFF = require(Role.OPERATOR, Role.SUPERVISOR, Role.SYSTEM, Role.BODY_OFFICER, Role.ANALYST)


@router.get("/bodies", summary="The bodies that answer appeals", dependencies=[STAFF])
async def list_bodies(request: Request) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        rows = await session.execute(select(body.c.document).order_by(body.c.code))
    return [document for (document,) in rows]


@router.get("/rules", summary="Competence rules in the order they are tried", dependencies=[STAFF])
async def list_rules(request: Request) -> list[dict[str, Any]]:
    async with runtime_of(request).sessionmaker() as session:
        rows = await session.execute(
            select(competence_rule.c.document).order_by(competence_rule.c.position)
        )
    return [document for (document,) in rows]
