"""Reference data of the region: territories, classifier, bodies and competence rules.

The data are JSON files shipped in this package; the loaders validate them once and cache
the result, so every service reads the same values.
"""

from shared.reference.bodies import Body, BodyDirectory, BodyKind, body, load_bodies
from shared.reference.classifier import (
    Classifier,
    ClassifierDimension,
    ClassifierValue,
    Dimension,
    load_classifier,
)
from shared.reference.competence import (
    AppealKind,
    CompetenceRule,
    CompetenceRuleSet,
    default_fallback_body_code,
    first_matching_rule,
    load_competence_rules,
)
from shared.reference.territories import (
    FormerName,
    HromadaType,
    Territory,
    TerritoryKind,
    demo_streets,
    hromadas_of,
    load_territories,
    raion_of,
    raions,
    territory,
)

__all__ = [
    "AppealKind",
    "Body",
    "BodyDirectory",
    "BodyKind",
    "Classifier",
    "ClassifierDimension",
    "ClassifierValue",
    "CompetenceRule",
    "CompetenceRuleSet",
    "Dimension",
    "FormerName",
    "HromadaType",
    "Territory",
    "TerritoryKind",
    "body",
    "default_fallback_body_code",
    "demo_streets",
    "first_matching_rule",
    "hromadas_of",
    "load_bodies",
    "load_classifier",
    "load_competence_rules",
    "load_territories",
    "raion_of",
    "raions",
    "territory",
]
