"""Competence rules: which body must answer. Rules are rows, tried in order, first match wins.

Every change writes a new rule-set version holding the whole ordered list, so a routing
decision names the exact rules it was made with and any past set can be replayed (dry-run).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from router.audit import record
from router.bodies import active_body_codes
from router.models import body, competence_rule, rule_set_version
from router.schemas import RuleIn
from shared.db import dialect_of, insert_ignoring_duplicates
from shared.errors import Conflict, InvalidInput, NotFound
from shared.events import AppealKind, Channel
from shared.reference import (
    CompetenceRule,
    default_fallback_body_code,
    load_bodies,
    load_competence_rules,
)

POSITION_STEP = 10


@dataclass(frozen=True)
class AppealFacts:
    """What a rule may look at."""

    topic_code: str | None
    territory_code: str | None = None
    kind: AppealKind | None = None
    channel: Channel | None = None
    text: str = ""


@dataclass(frozen=True)
class RoutingChoice:
    body_code: str
    co_executor_codes: list[str]
    rule: CompetenceRule | None

    @property
    def rule_id(self) -> str | None:
        return self.rule.rule_id if self.rule else None


async def active_rules(session: AsyncSession) -> list[CompetenceRule]:
    rows = await session.execute(
        select(competence_rule.c.document)
        .where(competence_rule.c.active.is_(True))
        .order_by(competence_rule.c.position, competence_rule.c.rule_id)
    )
    return [CompetenceRule.model_validate(document) for (document,) in rows]


def first_match(
    rules: Sequence[CompetenceRule], facts: AppealFacts, exclude: Collection[str] = ()
) -> RoutingChoice | None:
    """The first rule that matches and whose lead body is not excluded."""
    for rule in rules:
        if rule.body_code in exclude:
            continue
        if rule.matches(
            topic_code=facts.topic_code,
            territory_code=facts.territory_code,
            kind=facts.kind,
            channel=facts.channel,
            text=facts.text,
        ):
            co_executors = [
                code
                for code in rule.co_executor_codes
                if code not in exclude and code != rule.body_code
            ]
            return RoutingChoice(rule.body_code, co_executors, rule)
    return None


def fallback_body() -> str:
    return default_fallback_body_code()


async def current_version(session: AsyncSession) -> int:
    latest = await session.scalar(select(func.max(rule_set_version.c.version)))
    return int(latest or 0)


async def rules_of_version(session: AsyncSession, version: int) -> list[CompetenceRule]:
    rules = await session.scalar(
        select(rule_set_version.c.rules).where(rule_set_version.c.version == version)
    )
    if rules is None:
        raise NotFound(f"No rule-set version {version}.")
    return [CompetenceRule.model_validate(document) for document in rules]


async def list_versions(session: AsyncSession, limit: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(
            rule_set_version.c.version,
            rule_set_version.c.created_at,
            rule_set_version.c.created_by,
            rule_set_version.c.change,
        )
        .order_by(rule_set_version.c.version.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in rows]


async def _new_version(session: AsyncSession, *, actor: str, change: str) -> int:
    """Snapshot the active rules as the next version.

    Two editors saving at once would both claim the same number: the primary key refuses the
    second, who is asked to retry on top of the first one's change.
    """
    version = await current_version(session) + 1
    rules = [rule.model_dump(mode="json") for rule in await active_rules(session)]
    try:
        await session.execute(
            rule_set_version.insert().values(
                version=version,
                created_at=datetime.now(UTC),
                created_by=actor,
                change=change[:500],
                rules=rules,
            )
        )
    except IntegrityError as error:
        raise Conflict("The rules were changed at the same time; reload and retry.") from error
    await record(
        session,
        actor=actor,
        action="rules.changed",
        subject_type="rule_set",
        subject_id=str(version),
        details={"change": change},
    )
    return version


async def _check_bodies(session: AsyncSession, rule: RuleIn) -> None:
    known = await active_body_codes(session)
    unknown = [code for code in (rule.body_code, *rule.co_executor_codes) if code not in known]
    if unknown:
        raise InvalidInput(
            f"These bodies are not in the directory or not active: {', '.join(unknown)}.",
            errors=[{"field": "body_code", "message": f"unknown body {code}"} for code in unknown],
        )


async def _store_order(session: AsyncSession, ordered: list[CompetenceRule]) -> None:
    """Renumber the rules 10, 20, 30… in the given order, keeping the documents in step."""
    for index, rule in enumerate(ordered, start=1):
        position = index * POSITION_STEP
        document = rule.model_copy(update={"position": position}).model_dump(mode="json")
        await session.execute(
            update(competence_rule)
            .where(competence_rule.c.rule_id == rule.rule_id)
            .values(position=position, document=document)
        )


def _as_rule(new: RuleIn, position: int) -> CompetenceRule:
    return CompetenceRule.model_validate(
        {**new.model_dump(mode="json", exclude={"position"}), "position": position}
    )


def _insert_index(ordered: list[CompetenceRule], position: int | None) -> int:
    if position is None:
        return len(ordered)
    return sum(1 for rule in ordered if rule.position < position)


async def create_rule(session: AsyncSession, new: RuleIn, *, actor: str) -> int:
    await _check_bodies(session, new)
    if await session.scalar(
        select(competence_rule.c.rule_id).where(competence_rule.c.rule_id == new.rule_id)
    ):
        raise Conflict(f"A rule with id '{new.rule_id}' already exists.")
    ordered = await active_rules(session)
    rule = _as_rule(new, 0)
    await session.execute(
        competence_rule.insert().values(
            rule_id=rule.rule_id, position=0, document=rule.model_dump(mode="json")
        )
    )
    ordered.insert(_insert_index(ordered, new.position), rule)
    await _store_order(session, ordered)
    return await _new_version(session, actor=actor, change=f"rule {new.rule_id} added")


async def replace_rule(session: AsyncSession, rule_id: str, new: RuleIn, *, actor: str) -> int:
    if new.rule_id != rule_id:
        raise InvalidInput(
            "The rule_id in the body differs from the one in the path.",
            errors=[{"field": "rule_id", "message": "differs from the path"}],
        )
    await _check_bodies(session, new)
    ordered = await active_rules(session)
    index = next((i for i, rule in enumerate(ordered) if rule.rule_id == rule_id), None)
    if index is None:
        raise NotFound(f"No rule '{rule_id}'.")
    current = ordered.pop(index)
    replacement = _as_rule(new, current.position)
    if new.position is None:
        ordered.insert(index, replacement)
    else:
        ordered.insert(_insert_index(ordered, new.position), replacement)
    await _store_order(session, ordered)
    return await _new_version(session, actor=actor, change=f"rule {rule_id} changed")


async def delete_rule(session: AsyncSession, rule_id: str, *, actor: str) -> int:
    deleted = await session.execute(
        delete(competence_rule).where(competence_rule.c.rule_id == rule_id)
    )
    if deleted.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"No rule '{rule_id}'.")
    await _store_order(session, await active_rules(session))
    return await _new_version(session, actor=actor, change=f"rule {rule_id} removed")


async def reorder_rules(session: AsyncSession, rule_ids: list[str], *, actor: str) -> int:
    """Put the rules in exactly this order; the list must name every rule once."""
    ordered = {rule.rule_id: rule for rule in await active_rules(session)}
    if sorted(rule_ids) != sorted(ordered):
        raise InvalidInput(
            "List every rule exactly once to reorder.",
            errors=[{"field": "rule_ids", "message": "must be a permutation of the rules"}],
        )
    await _store_order(session, [ordered[rule_id] for rule_id in rule_ids])
    return await _new_version(session, actor=actor, change="rules reordered")


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
                    "document": {
                        **item.model_dump(mode="json"),
                        "delivery": {"method": "pull", "url": None},
                    },
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
    if await current_version(session) == 0:
        await session.execute(
            insert_ignoring_duplicates(rule_set_version, dialect).values(
                version=1,
                created_at=datetime.now(UTC),
                created_by="seed",
                change="default rules loaded",
                rules=[rule.model_dump(mode="json") for rule in await active_rules(session)],
            )
        )
