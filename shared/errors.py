"""Errors as `application/problem+json` (RFC 9457), with the field at fault.

Every refusal the services give goes through here, so a client meets one shape: `type`,
`title`, `status`, `detail`, and for invalid input an `errors` list naming each field.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """A refusal with its HTTP status; subclasses name the kind of problem."""

    status: int = 400
    title: str = "Bad request"
    type_slug: str = "bad-request"

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.errors = errors
        self.headers = headers
        self.extra = extra


class NotFound(Problem):
    status = 404
    title = "Not found"
    type_slug = "not-found"


class Conflict(Problem):
    status = 409
    title = "Conflict"
    type_slug = "conflict"


class Unauthorized(Problem):
    status = 401
    title = "Authentication required"
    type_slug = "unauthorized"


class Forbidden(Problem):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"


class TooManyRequests(Problem):
    status = 429
    title = "Too many requests"
    type_slug = "rate-limited"


class PayloadTooLarge(Problem):
    status = 413
    title = "Payload too large"
    type_slug = "payload-too-large"


class InvalidInput(Problem):
    status = 422
    title = "Invalid input"
    type_slug = "invalid-input"


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    type_slug: str,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://problems.contact-center.dp.ua/{type_slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "applicant", "full_name")` → `applicant.full_name` (the part a client sent)."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source, rest = parts[0], parts[1:]
        return ".".join(rest) if source in {"body", "form"} and rest else ".".join(parts)
    return ".".join(parts)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> JSONResponse:
        return problem_response(
            error.status,
            error.title,
            error.detail,
            type_slug=error.type_slug,
            instance=request.url.path,
            errors=error.errors,
            headers=error.headers,
            **error.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": field_path(item.get("loc", ())), "message": item.get("msg", "invalid")}
            for item in error.errors()
        ]
        fields = ", ".join(sorted({entry["field"] for entry in errors}))
        return problem_response(
            422,
            "Invalid input",
            f"Check these fields: {fields}",
            type_slug="invalid-input",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 401: "Authentication required"}
        return problem_response(
            error.status_code,
            titles.get(error.status_code, "Error"),
            str(error.detail),
            type_slug=titles.get(error.status_code, "error").lower().replace(" ", "-"),
            instance=request.url.path,
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _error: Exception) -> JSONResponse:
        log.exception("unhandled error", path=request.url.path)
        return problem_response(
            500,
            "Internal error",
            "The request could not be completed; it has been logged.",
            type_slug="internal-error",
            instance=request.url.path,
        )
