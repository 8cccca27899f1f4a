"""Intake settings."""

from __future__ import annotations

from pydantic import Field

from shared.config import CommonSettings


class IntakeSettings(CommonSettings):
    max_text_length: int = Field(default=10_000, ge=100)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
