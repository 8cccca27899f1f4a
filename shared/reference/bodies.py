"""The demo directory of bodies that answer appeals in the oblast.

Router seeds its bodies table from it; the contacts are placeholders until the
approved directory is loaded.
"""

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from shared.reference._data import read_json

BodyKind = Literal[
    "oblast_department",
    "raion_administration",
    "city_council",
    "hromada_council",
    "utility",
    "police",
    "other",
]

PLACEHOLDER_EMAIL_DOMAIN = "@example.org"


class Body(BaseModel):
    """A body (or utility) that can be made the executor of an appeal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name_uk: str
    kind: BodyKind
    territory_codes: tuple[str, ...]
    demo: bool
    email: str
    phone: str | None = None

    @model_validator(mode="after")
    def _demo_contacts_are_placeholders(self) -> "Body":
        """A demo body must never carry a real address that demo traffic could reach."""
        if self.demo and not self.email.endswith(PLACEHOLDER_EMAIL_DOMAIN):
            raise ValueError(f"{self.code}: a demo body needs an {PLACEHOLDER_EMAIL_DOMAIN} e-mail")
        return self


class BodyDirectory(BaseModel):
    """The whole bodies file, validated once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    demo: bool
    note: str
    bodies: tuple[Body, ...]


@cache
def load_body_directory() -> BodyDirectory:
    """Parse bodies.json once per process."""
    return BodyDirectory.model_validate(read_json("bodies.json"))


@cache
def _by_code() -> dict[str, Body]:
    return {body.code: body for body in load_body_directory().bodies}


def load_bodies() -> list[Body]:
    """All bodies in file order."""
    return list(load_body_directory().bodies)


def body(code: str) -> Body:
    """The body with this code; KeyError names the unknown code."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"unknown body code: {code!r}") from None
