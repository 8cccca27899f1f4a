"""Intake settings."""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, model_validator

from shared.config import CommonSettings

DEVELOPMENT_LOOKUP_SECRET = "development-only-lookup-secret-change-me"


class IntakeSettings(CommonSettings):
    max_text_length: int = Field(default=10_000, ge=100)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)

    registry_base_url: str = Field(
        default="http://127.0.0.1:8002", description="Where the registry's HTTP API answers"
    )
    registry_api_key: SecretStr | None = Field(
        default=None, description="Intake's system API key at the registry (caller history)"
    )
    registry_timeout: float = Field(default=5.0, gt=0, le=60)

    lookup_code_secret: SecretStr = SecretStr(DEVELOPMENT_LOOKUP_SECRET)
    portal_submissions_per_hour: int = Field(default=10, ge=1)
    portal_submission_burst: int = Field(default=3, ge=1)
    status_lookups_per_minute: int = Field(default=10, ge=1)
    status_lookup_burst: int = Field(default=5, ge=1)
    trust_forwarded_for: bool = Field(
        default=False,
        description="Take the client address from X-Forwarded-For (only behind our own proxy)",
    )
    max_attachments: int = Field(default=5, ge=0, le=20)
    max_attachment_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_portal_body_bytes: int = Field(default=20 * 1024 * 1024, ge=64 * 1024)

    telegram_enabled: bool = False
    telegram_bot_token: SecretStr = SecretStr("")
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_send_interval: float = Field(default=0.5, gt=0, le=60)
    telegram_send_max_attempts: int = Field(default=20, ge=1)
    telegram_max_photos: int = Field(default=5, ge=0, le=10)

    @model_validator(mode="after")
    def _refuse_development_lookup_secret(self) -> Self:
        if (
            self.environment == "production"
            and self.lookup_code_secret.get_secret_value() == DEVELOPMENT_LOOKUP_SECRET
        ):
            raise ValueError("LOOKUP_CODE_SECRET must be set in production")
        if self.telegram_enabled and not self.telegram_webhook_secret.get_secret_value():
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when Telegram is enabled")
        return self
