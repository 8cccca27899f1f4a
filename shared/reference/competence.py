"""Default competence rules: which body answers an appeal on a topic in a territory.

Rules are data so that the center can reorder or extend them without a release; the
router tries them in ascending position and the first match wins (design of a rule
table, not of a classifier model).
"""

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events import Channel
from shared.reference._data import read_json
from shared.reference.territories import territory

AppealKind = Literal["proposal", "application", "complaint"]


class CompetenceRule(BaseModel):
    """One routing rule; a field left None does not restrict the match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    position: int
    topic_prefix: str | None = None
    territory_codes: list[str] | None = None
    kind: AppealKind | None = None
    channel: Channel | None = None
    keywords: list[str] | None = None
    body_code: str
    co_executor_codes: list[str] = Field(default_factory=list)

    def matches(
        self,
        *,
        topic_code: str | None,
        territory_code: str | None = None,
        kind: AppealKind | None = None,
        channel: Channel | None = None,
        text: str = "",
    ) -> bool:
        """Whether an appeal with these facts falls under this rule.

        A territory matches when it or any unit above it is listed, so a rule for a raion
        covers its hromadas. Keywords match case-insensitively at the start of a word,
        so a stem such as "пенсі" matches "пенсія" and "пенсіонер".
        """
        if self.topic_prefix is not None and not (
            topic_code is not None and topic_code.startswith(self.topic_prefix)
        ):
            return False
        if self.kind is not None and kind != self.kind:
            return False
        if self.channel is not None and channel != self.channel:
            return False
        if self.territory_codes is not None and not _within(territory_code, self.territory_codes):
            return False
        return self.keywords is None or _mentions_any(text, self.keywords)


class CompetenceRuleSet(BaseModel):
    """The whole rules file, validated once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    demo: bool
    note: str
    fallback_body_code: str
    rules: tuple[CompetenceRule, ...]


def _within(territory_code: str | None, listed: list[str]) -> bool:
    """Walk up the hierarchy; a code outside the reference data matches only itself."""
    code = territory_code
    while code is not None:
        if code in listed:
            return True
        try:
            code = territory(code).parent_code
        except KeyError:
            return False
    return False


def _mentions_any(text: str, keywords: list[str]) -> bool:
    lowered = text.casefold()
    return any(
        re.search(r"(?<!\w)" + re.escape(keyword.casefold()), lowered) for keyword in keywords
    )


@cache
def load_rule_set() -> CompetenceRuleSet:
    """Parse competence_rules.json once per process."""
    return CompetenceRuleSet.model_validate(read_json("competence_rules.json"))


def load_competence_rules() -> list[CompetenceRule]:
    """The default rules in the order they are tried (ascending position)."""
    return sorted(load_rule_set().rules, key=lambda rule: rule.position)


def default_fallback_body_code() -> str:
    """The body that takes an appeal no rule matches (the oblast general department)."""
    return load_rule_set().fallback_body_code


def first_matching_rule(
    *,
    topic_code: str | None,
    territory_code: str | None = None,
    kind: AppealKind | None = None,
    channel: Channel | None = None,
    text: str = "",
) -> CompetenceRule | None:
    """The first default rule that matches, or None when the fallback body applies."""
    for rule in load_competence_rules():
        if rule.matches(
            topic_code=topic_code,
            territory_code=territory_code,
            kind=kind,
            channel=channel,
            text=text,
        ):
            return rule
    return None
