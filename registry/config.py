"""Registry settings."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from registry.service import MatchingPolicy
from shared.config import CommonSettings


class RegistrySettings(CommonSettings):
    registration_prefix: str = Field(
        default="DP", pattern=r"^[A-Z]{1,4}$", description="Prefix of registration numbers"
    )
    repeat_window_days: int = Field(
        default=365, ge=1, le=3650, description="Same applicant, same issue: a repeat within"
    )
    duplicate_window_days: int = Field(
        default=30, ge=1, le=365, description="Same applicant, same text: a copy within"
    )
    mass_window_days: int = Field(
        default=90, ge=1, le=3650, description="Other applicants, same text: mass within"
    )
    export_max_rows: int = Field(
        default=100_000, ge=1, le=1_000_000, description="Rows one CSV/XLSX export may hold"
    )

    def matching_policy(self) -> MatchingPolicy:
        return MatchingPolicy(
            repeat_window=timedelta(days=self.repeat_window_days),
            duplicate_window=timedelta(days=self.duplicate_window_days),
            mass_window=timedelta(days=self.mass_window_days),
        )
