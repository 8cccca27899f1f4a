"""The Classifier of citizens' appeals (KMU 858/2008) as versioned reference data.

Every appeal is coded by it for the quarterly statistics; values carry their validity
period so amendments add or retire values without rewriting old appeals.
"""

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from shared.reference._data import read_json

Dimension = Literal[
    "form_of_receipt",
    "sign",
    "kind",
    "sex",
    "subject",
    "type",
    "author_category",
    "social_status",
    "topic",
]


class ClassifierValue(BaseModel):
    """One coded value; `provisional` marks values not yet checked against the act."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    key: str | None = None
    name_uk: str
    name_ru: str
    valid_from: date
    valid_to: date | None = None
    provisional: bool = False
    privileged: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _period_is_ordered(self) -> "ClassifierValue":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.code}: valid_to is before valid_from")
        return self

    def is_valid_on(self, day: date) -> bool:
        """Whether the value may be given to an appeal received on this day."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ClassifierDimension(BaseModel):
    """A section of the classifier; `multiple` says an appeal may carry several values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Dimension
    section: str
    name_uk: str
    name_ru: str
    multiple: bool
    values: tuple[ClassifierValue, ...]

    @model_validator(mode="after")
    def _privilege_only_for_authors(self) -> "ClassifierDimension":
        if self.key != "author_category" and any(value.privileged for value in self.values):
            raise ValueError(f"{self.key}: only author categories can be privileged")
        return self


class Classifier(BaseModel):
    """The whole classifier data set of one version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    act: str
    demo: bool
    note: str
    dimensions: tuple[ClassifierDimension, ...]

    _index: dict[tuple[str, str], ClassifierValue] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> "Classifier":
        keys = [dimension.key for dimension in self.dimensions]
        if len(keys) != len(set(keys)):
            raise ValueError("a dimension is listed twice")
        codes = [value.code for dimension in self.dimensions for value in dimension.values]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"duplicate classifier codes: {duplicates}")
        return self

    def model_post_init(self, context: object, /) -> None:
        """Index values by dimension and code, so look-ups stay O(1)."""
        for dimension in self.dimensions:
            for value in dimension.values:
                self._index[(dimension.key, value.code)] = value

    def dimension(self, key: Dimension) -> ClassifierDimension:
        """The dimension with this key."""
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(f"unknown classifier dimension: {key!r}")

    def values(self, dimension: Dimension, on: date | None = None) -> list[ClassifierValue]:
        """Values of a dimension in classifier order; with `on`, only those valid that day."""
        values = self.dimension(dimension).values
        return [value for value in values if on is None or value.is_valid_on(on)]

    def value(self, dimension: Dimension, code: str) -> ClassifierValue:
        """The value with this code; KeyError names the unknown code."""
        try:
            return self._index[(dimension, code)]
        except KeyError:
            raise KeyError(f"unknown {dimension} code: {code!r}") from None

    def topic(self, code: str) -> ClassifierValue:
        """The topic (питання) with this three-digit code."""
        return self.value("topic", code)

    def is_privileged(self, category_codes: Iterable[str]) -> bool:
        """Whether any of the applicant's categories is a statutory privilege.

        Monitoring sorts such appeals first; the deadline itself does not change.
        An unknown code raises KeyError rather than silently losing the priority.
        """
        privileges = [self.value("author_category", code).privileged for code in category_codes]
        return any(privileges)


@cache
def load_classifier() -> Classifier:
    """Parse classifier.json once per process."""
    return Classifier.model_validate(read_json("classifier.json"))
