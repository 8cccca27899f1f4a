"""The classifier of citizens' appeals (KMU 858/2008) as the registry codes appeals by it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response

from registry.schemas import ClassifierDimensionOut, ClassifierOut
from shared.auth import Principal, Role, require
from shared.errors import NotFound
from shared.reference import ClassifierDimension, Dimension, load_classifier

router = APIRouter(tags=["classifier"])

AnyStaff = Annotated[
    Principal,
    require(Role.OPERATOR, Role.SUPERVISOR, Role.BODY_OFFICER, Role.ANALYST, Role.SYSTEM),
]


def _dimension_out(dimension: ClassifierDimension, on: date | None) -> ClassifierDimensionOut:
    values = [value for value in dimension.values if on is None or value.is_valid_on(on)]
    return ClassifierDimensionOut.model_validate(
        {**dimension.model_dump(exclude={"values"}), "values": [v.model_dump() for v in values]}
    )


@router.get("/classifier", response_model=ClassifierOut, summary="The whole classifier")
async def classifier(
    response: Response, _principal: AnyStaff, on: date | None = None
) -> ClassifierOut:
    """Every dimension; with `on`, only values valid that day. `provisional` values are not
    yet checked against the act. The version is also in the `Classifier-Version` header."""
    data = load_classifier()
    response.headers["Classifier-Version"] = data.version
    return ClassifierOut(
        version=data.version,
        act=data.act,
        demo=data.demo,
        note=data.note,
        dimensions=[_dimension_out(dimension, on) for dimension in data.dimensions],
    )


@router.get(
    "/classifier/{dimension}",
    response_model=ClassifierDimensionOut,
    summary="One dimension of the classifier",
)
async def classifier_dimension(
    dimension: Dimension, response: Response, _principal: AnyStaff, on: date | None = None
) -> ClassifierDimensionOut:
    """form_of_receipt, sign, kind, sex, subject, type, author_category, social_status, topic."""
    data = load_classifier()
    response.headers["Classifier-Version"] = data.version
    try:
        return _dimension_out(data.dimension(dimension), on)
    except KeyError as error:
        raise NotFound(f"No classifier dimension '{dimension}'.") from error
