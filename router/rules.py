"""Competence rules: which body must answer. Rules are rows, tried in order, first match wins."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from router.models import body, competence_rule
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.events import AppealRegistered
from shared.reference import (
    CompetenceRule,
    default_fallback_body_code,
    load_bodies,
    load_competence_rules,
)


async def active_rules(session: AsyncSession) -> list[CompetenceRule]:
    rows = await session.execute(
        select(competence_rule.c.document)
        .where(competence_rule.c.active.is_(True))
        .order_by(competence_rule.c.position)
    )
    return [CompetenceRule.model_validate(document) for (document,) in rows]


def first_match(rules: Sequence[CompetenceRule], appeal: AppealRegistered) -> CompetenceRule | None:
    for rule in rules:
        if rule.matches(
            topic_code=appeal.topic_code,
            territory_code=appeal.territory_code,
            kind=appeal.kind,
            channel=appeal.channel,
            text=appeal.text,
        ):
            return rule
    return None


def fallback_body() -> str:
    return default_fallback_body_code()


async def seed_reference_data(session: AsyncSession) -> None:
    """Load the demo bodies and default rules once; rows already there are left as edited."""
    dialect = dialect_of(session)
    bodies = load_bodies()
    if bodies:
        await session.execute(
            insert_ignoring_duplicates(body, dialect),
            [
                {
                    "code": item.code,
                    "name_uk": item.name_uk,
                    "kind": item.kind,
                    "document": item.model_dump(mode="json"),
                }
                for item in bodies
            ],
        )
    rules = load_competence_rules()
    if rules:
        await session.execute(
            insert_ignoring_duplicates(competence_rule, dialect),
            [
                {
                    "rule_id": rule.rule_id,
                    "position": rule.position,
                    "document": rule.model_dump(mode="json"),
                }
                for rule in rules
            ],
        )
