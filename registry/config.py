"""Registry settings."""

from __future__ import annotations

from pydantic import Field

from shared.config import CommonSettings


class RegistrySettings(CommonSettings):
    registration_prefix: str = Field(
        default="DP", pattern=r"^[A-Z]{1,4}$", description="Prefix of registration numbers"
    )
