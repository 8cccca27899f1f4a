"""Intake's client of the registry's HTTP API: the caller's history for the operator.

Intake never reads the registry's tables; it asks the registry, as a system with its own
API key, and passes the answer on. When the registry cannot answer the operator gets a
clear 503 and can still register the appeal: the history is a help, not a precondition.
"""

from __future__ import annotations

from typing import Any

import httpx

from intake.config import IntakeSettings
from shared.errors import Problem


class RegistryUnavailable(Problem):
    status = 503
    title = "Registry unavailable"
    type_slug = "registry-unavailable"


class RegistryClient:
    def __init__(self, settings: IntakeSettings, http: httpx.AsyncClient | None = None) -> None:
        self._settings = settings
        self._owns_http = http is None
        self._http = http

    def _client(self) -> httpx.AsyncClient:
        """Opened on first use, so a process that never looks up history holds no pool."""
        if self._http is None:
            self._http = httpx.AsyncClient(
                base_url=self._settings.registry_base_url, timeout=self._settings.registry_timeout
            )
        return self._http

    async def aclose(self) -> None:
        if self._owns_http and self._http is not None:
            await self._http.aclose()
            self._http = None

    async def caller_history(self, phone: str, *, on_behalf_of: str) -> dict[str, Any]:
        """`GET /applicants/history?phone=…` at the registry, answered as the registry says."""
        key = self._settings.registry_api_key
        if key is None:
            raise RegistryUnavailable(
                "Caller history is not configured (REGISTRY_API_KEY is not set)."
            )
        try:
            answer = await self._client().get(
                "/applicants/history",
                params={"phone": phone},
                headers={"X-Api-Key": key.get_secret_value(), "X-On-Behalf-Of": on_behalf_of},
            )
        except httpx.HTTPError as error:
            raise RegistryUnavailable(
                f"The registry did not answer ({type(error).__name__}); try again shortly. "
                "The appeal can be registered without the history."
            ) from error
        if answer.status_code != 200:
            raise RegistryUnavailable(
                f"The registry answered {answer.status_code}; the caller history is not "
                "available now. The appeal can be registered without it."
            )
        try:
            body = answer.json()
        except ValueError as error:
            raise RegistryUnavailable("The registry's answer was not JSON.") from error
        if not isinstance(body, dict):
            raise RegistryUnavailable("The registry's answer had an unexpected shape.")
        return body
