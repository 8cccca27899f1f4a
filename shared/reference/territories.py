"""Administrative-territorial units of Dnipropetrovsk oblast (after the 2020 reform).

Appeals carry the applicant's territory; routing and reports group by raion and hromada.
The codes are stable demo codes until the KATOTTG codes are loaded.
"""

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.reference._data import read_json

TerritoryKind = Literal["oblast", "raion", "hromada"]
HromadaType = Literal["city", "settlement", "village"]


class FormerName(BaseModel):
    """A name the unit had before a renaming, kept so old addresses still match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name_uk: str
    name_ru: str
    renamed_in: int


class Territory(BaseModel):
    """One unit: the oblast, a raion or a territorial hromada."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    kind: TerritoryKind
    name_uk: str
    name_ru: str
    parent_code: str | None
    centre_uk: str
    hromada_type: HromadaType | None = None
    former_names: tuple[FormerName, ...] = ()

    @property
    def is_city_hromada(self) -> bool:
        """A city hromada has its own city council, which routing prefers over the raion."""
        return self.kind == "hromada" and self.hromada_type == "city"


class TerritoryCatalogue(BaseModel):
    """The whole territories file, validated once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    demo: bool
    note: str
    units: tuple[Territory, ...]
    demo_streets: dict[str, tuple[str, ...]] = Field(default_factory=dict)


@cache
def load_territory_catalogue() -> TerritoryCatalogue:
    """Parse territories.json once per process."""
    return TerritoryCatalogue.model_validate(read_json("territories.json"))


@cache
def _by_code() -> dict[str, Territory]:
    return {unit.code: unit for unit in load_territory_catalogue().units}


def load_territories() -> list[Territory]:
    """All units in file order: the oblast, the raions, then hromadas raion by raion."""
    return list(load_territory_catalogue().units)


def territory(code: str) -> Territory:
    """The unit with this code; KeyError names the unknown code."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"unknown territory code: {code!r}") from None


def raions() -> list[Territory]:
    """The seven raions of the oblast."""
    return [unit for unit in load_territory_catalogue().units if unit.kind == "raion"]


def hromadas_of(raion_code: str) -> list[Territory]:
    """The hromadas of one raion; KeyError if the code is not a raion."""
    if territory(raion_code).kind != "raion":
        raise KeyError(f"not a raion code: {raion_code!r}")
    return [unit for unit in load_territory_catalogue().units if unit.parent_code == raion_code]


def raion_of(code: str) -> Territory | None:
    """The raion a unit lies in (itself for a raion, None for the oblast)."""
    unit = territory(code)
    if unit.kind == "oblast":
        return None
    if unit.kind == "raion":
        return unit
    assert unit.parent_code is not None
    return territory(unit.parent_code)


def demo_streets(settlement_code: str) -> list[str]:
    """Typical street names of a large city, for realistic demo addresses.

    The settlement is named by the code of the hromada whose centre it is
    (e.g. "UA12-dnipro-city"); a known unit without a street list gives [].
    """
    territory(settlement_code)
    return list(load_territory_catalogue().demo_streets.get(settlement_code, ()))
