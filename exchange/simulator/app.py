"""The UCC simulator: contract v1 under ``/ucc/v1`` plus ``/_sim/*`` controls for tests."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from exchange.simulator.faults import ActiveFault, FaultBook, FaultSpec
from exchange.simulator.state import (
    DEFAULT_REGION,
    SimAppealsReport,
    SimAssignmentRequest,
    SimCallbackRequest,
    SimInfoRequest,
    SimReworkRequest,
    SimulatorError,
    SimulatorState,
    utc_now,
)
from exchange.ucc_contract import (
    API_KEY_HEADER,
    API_PREFIX,
    PROBLEM_MEDIA_TYPE,
    AckResult,
    AppealAssignment,
    AppealCard,
    AppealListPage,
    AppealUpdate,
    AssignmentPage,
    CallbackResultAssignment,
    FieldProblem,
    InfoRequestAssignment,
    Problem,
    PushResult,
    ReworkAssignment,
    UpdateResult,
)

DEFAULT_API_KEY = "sim-key"

RegionPath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{1,63}$", examples=[DEFAULT_REGION])]
RegionalIdPath = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
]
UccNumberPath = Annotated[str, Path(pattern=r"^UCC-\d{4}-\d{6,}$")]

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description}
    for status, description in {
        400: "Malformed request, e.g. a cursor not issued here",
        401: "Missing or unknown API key",
        403: "The API key does not belong to this region",
        404: "Unknown appeal",
        409: "Conflicting reuse of an id",
        422: "Invalid fields, named in `errors`",
        503: "The UCC is unavailable; retry with backoff",
    }.items()
}


def _problem(
    status: int, title: str, detail: str | None, request: Request, **extra: Any
) -> JSONResponse:
    problem = Problem(title=title, status=status, detail=detail, instance=request.url.path, **extra)
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _field_path(location: tuple[int | str, ...]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_simulator_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SimulatorError)
        return _problem(exc.status, exc.title, exc.detail, request)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            FieldProblem(field=_field_path(tuple(error["loc"])), message=str(error["msg"]))
            for error in exc.errors()
        ]
        return _problem(
            422, "Unprocessable Content", "Some fields are invalid.", request, errors=errors
        )

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return _problem(exc.status_code, str(exc.detail), None, request)

    app.add_exception_handler(SimulatorError, on_simulator_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)


def _install_fault_middleware(app: FastAPI, faults: FaultBook) -> None:
    @app.middleware("http")
    async def inject_transport_faults(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not request.url.path.startswith(API_PREFIX):
            return await call_next(request)
        fault = faults.take_transport_fault()
        if fault is None:
            return await call_next(request)
        if fault.mode == "delay":
            await asyncio.sleep(fault.seconds)
            return await call_next(request)
        if fault.mode == "hang":
            await faults.hang(fault.seconds)
        elif fault.when == "after":
            await call_next(request)
        return _problem(
            fault.status_code, "Service Unavailable", f"Simulated '{fault.mode}' fault.", request
        )


def _contract_router(
    state: SimulatorState, faults: FaultBook, api_keys: Mapping[str, str]
) -> APIRouter:
    async def authorised_region(
        region: RegionPath,
        api_key: Annotated[str | None, Header(alias=API_KEY_HEADER)] = None,
    ) -> str:
        if api_key is None or api_key not in api_keys:
            raise SimulatorError(401, "Unauthorized", f"Send a valid key in {API_KEY_HEADER}.")
        if api_keys[api_key] != region:
            raise SimulatorError(403, "Forbidden", f"This key does not serve region {region}.")
        return region

    Region = Annotated[str, Depends(authorised_region)]
    router = APIRouter(prefix=f"{API_PREFIX}/regions/{{region}}", responses=_ERRORS)

    @router.put(
        "/appeals/{regional_id}",
        response_model=PushResult,
        status_code=200,
        responses={201: {"model": PushResult, "description": "Created"}},
        summary="Push an appeal registered by the region (idempotent upsert)",
    )
    async def push_appeal(
        region: Region, regional_id: RegionalIdPath, card: AppealCard, response: Response
    ) -> PushResult:
        result = state.push_appeal(region, regional_id, card)
        if result.result == "created":
            response.status_code = 201
        return result

    @router.post(
        "/appeals/{regional_id}/updates",
        response_model=UpdateResult,
        summary="Push a status change (idempotent by update_id; stale ones do not overwrite)",
    )
    async def push_update(
        region: Region, regional_id: RegionalIdPath, update: AppealUpdate
    ) -> UpdateResult:
        return state.apply_update(region, regional_id, update)

    @router.get(
        "/assignments",
        response_model=AssignmentPage,
        summary="Pull the assignment feed: appeals, info requests, callback results, rework",
    )
    async def pull_assignments(
        region: Region,
        after: Annotated[str | None, Query(max_length=32)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> AssignmentPage:
        misbehaviour = faults.take_feed_misbehaviour()
        return state.assignments_page(
            region,
            after,
            limit,
            rewind_by=misbehaviour.rewind_by,
            duplicate=misbehaviour.duplicate,
            shuffler=misbehaviour.shuffler,
        )

    @router.post(
        "/assignments/{ucc_number}/ack",
        response_model=AckResult,
        summary="Acknowledge that the region has taken a UCC appeal",
    )
    async def ack_assignment(region: Region, ucc_number: UccNumberPath) -> AckResult:
        return state.acknowledge(region, ucc_number)

    @router.get(
        "/appeals",
        response_model=AppealListPage,
        summary="Reconciliation: what the UCC holds for the region",
    )
    async def list_appeals(
        region: Region,
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        cursor: Annotated[str | None, Query(max_length=32)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> AppealListPage:
        return state.list_appeals(region, updated_from, updated_to, cursor, limit)

    return router


def _control_router(state: SimulatorState, faults: FaultBook) -> APIRouter:
    router = APIRouter(prefix="/_sim", tags=["simulator control"])

    @router.post("/faults", response_model=list[ActiveFault])
    async def add_fault(spec: FaultSpec) -> list[ActiveFault]:
        faults.add(spec)
        return faults.active

    @router.get("/faults", response_model=list[ActiveFault])
    async def list_faults() -> list[ActiveFault]:
        return faults.active

    @router.post("/assignments", response_model=AppealAssignment, status_code=201)
    async def create_assignment(request: SimAssignmentRequest) -> AppealAssignment:
        return state.create_assignment(request)

    @router.post("/info-requests", response_model=InfoRequestAssignment, status_code=201)
    async def create_info_request(request: SimInfoRequest) -> InfoRequestAssignment:
        return state.add_info_request(request)

    @router.post("/callbacks", response_model=CallbackResultAssignment, status_code=201)
    async def create_callback(request: SimCallbackRequest) -> CallbackResultAssignment:
        return state.add_callback(request)

    @router.post("/rework", response_model=ReworkAssignment, status_code=201)
    async def create_rework(request: SimReworkRequest) -> ReworkAssignment:
        return state.add_rework(request)

    @router.get("/appeals", response_model=SimAppealsReport)
    async def received_appeals() -> SimAppealsReport:
        return state.report()

    @router.post("/reset", status_code=204)
    async def reset() -> Response:
        state.reset()
        faults.reset()
        return Response(status_code=204)

    return router


def create_app(
    api_keys: Mapping[str, str] | None = None,
    now: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """Build a simulator; ``api_keys`` maps each key to the one region it may act for."""
    keys = dict(api_keys) if api_keys is not None else {DEFAULT_API_KEY: DEFAULT_REGION}
    state = SimulatorState(now)
    faults = FaultBook()
    app = FastAPI(
        title="UCC exchange contract",
        version="1.0.0",
        summary="Contract v1 between a regional contact center and the Government Contact Center",
        description=(
            "JSON over HTTPS. Authenticate with the `X-Api-Key` header; the key serves one "
            "region. Errors are `application/problem+json`. See docs/ucc-contract.md."
        ),
    )
    app.state.simulator = state
    app.state.faults = faults
    _install_error_handlers(app)
    _install_fault_middleware(app, faults)
    app.include_router(_contract_router(state, faults, keys))
    app.include_router(_control_router(state, faults))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _serve_problems_as_problem_json(app)
    return app


def _serve_problems_as_problem_json(app: FastAPI) -> None:
    """Document error answers under the media type they are really sent with."""
    build_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build_schema()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for status, answer in operation.get("responses", {}).items():
                        content = answer.get("content", {})
                        if status.startswith(("4", "5")) and "application/json" in content:
                            content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
