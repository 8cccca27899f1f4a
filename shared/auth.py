"""Who is asking: bearer JWTs for people, API keys for systems, roles for both.

Every non-public endpoint depends on `require(...)`. Missing or bad credentials answer 401,
a principal without the role 403. A `body_officer` carries the code of its body, which the
services use to scope what it may see.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from shared.config import CommonSettings
from shared.errors import Forbidden, Unauthorized

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "contact-center"


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    BODY_OFFICER = "body_officer"
    ANALYST = "analyst"
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    kind: str = "user"
    body_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)


def mint_token(
    settings: CommonSettings,
    subject: str,
    roles: list[Role] | list[str],
    *,
    body_code: str | None = None,
    ttl: timedelta | None = None,
) -> str:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": [Role(role).value for role in roles],
        "aud": JWT_AUDIENCE,
        "iat": now,
        "exp": now + (ttl or settings.jwt_ttl),
    }
    if body_code:
        claims["body"] = body_code
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=JWT_ALGORITHM)


def principal_from_token(settings: CommonSettings, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[JWT_ALGORITHM],
            audience=JWT_AUDIENCE,
            options={"require": ["exp", "sub", "aud"]},
        )
        roles = frozenset(Role(role) for role in claims.get("roles", []))
    except (jwt.PyJWTError, ValueError) as error:
        raise Unauthorized(
            f"The bearer token is not valid: {error}",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from error
    return Principal(subject=str(claims["sub"]), roles=roles, body_code=claims.get("body"))


def principal_from_api_key(settings: CommonSettings, key: str) -> Principal:
    for known, grant in settings.api_keys.items():
        if hmac.compare_digest(known.encode(), key.encode()):
            return Principal(
                subject=grant.name,
                roles=frozenset(Role(role) for role in grant.roles),
                kind="system",
                body_code=grant.body_code,
            )
    raise Unauthorized("The API key is not known.", headers={"WWW-Authenticate": "ApiKey"})


_bearer = HTTPBearer(auto_error=False, description="JWT for staff (operators, supervisors…)")
_api_key = APIKeyHeader(name="X-Api-Key", auto_error=False, description="Key for systems")


async def current_principal(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    settings: CommonSettings = request.app.state.settings
    if bearer is not None:
        return principal_from_token(settings, bearer.credentials)
    if api_key:
        return principal_from_api_key(settings, api_key)
    raise Unauthorized(
        "Send a bearer token or an X-Api-Key header.",
        headers={"WWW-Authenticate": 'Bearer realm="contact-center"'},
    )


def require(*roles: Role) -> Any:
    """Dependency: the caller must hold one of `roles` (admin holds them all)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    async def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        if not principal.has_any(allowed):
            raise Forbidden(
                f"This needs one of the roles: {', '.join(sorted(r.value for r in allowed))}."
            )
        return principal

    return Depends(dependency)
