"""Settings read from the environment, one class per service on a shared base.

Every value has a development default so `make run` needs no set-up; production refuses
the development secrets (see `CommonSettings._refuse_default_secrets`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_JWT_SECRET = "development-only-jwt-secret-change-me-0123456789"


class ApiKeyGrant(BaseSettings):
    """What a system calling with an API key may do."""

    name: str
    roles: list[str] = Field(default_factory=lambda: ["system"])
    body_code: str | None = None


class CommonSettings(BaseSettings):
    """Settings every service shares: where the database and the broker are, and auth."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", env_nested_delimiter="__"
    )

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/contact_center"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    bus: Literal["rabbitmq", "memory"] = "rabbitmq"
    bus_prefix: str = Field(
        default="cc",
        description="Prefix of the exchange and queue names, so that several installations "
        "(or test runs) can share one broker.",
        pattern=r"^[a-z0-9_-]+$",
    )
    prefetch_count: int = Field(default=32, ge=1, le=1000)
    delivery_limit: int = Field(default=5, ge=1, le=100)
    queue_expires_ms: int | None = Field(
        default=None,
        ge=1000,
        description="Delete queues unused this long (x-expires); for throw-away test brokers only",
    )
    outbox_relay_workers: int = Field(
        default=1,
        ge=1,
        le=32,
        description="Relay loops per process; each claims its own batch (SKIP LOCKED), so "
        "several batches of confirms are in flight at once",
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_JWT_SECRET)
    jwt_ttl: timedelta = timedelta(minutes=15)
    api_keys: dict[str, ApiKeyGrant] = Field(
        default_factory=dict,
        description="API key -> grant, as JSON in API_KEYS, e.g. "
        '{"k1": {"name": "ucc-sync", "roles": ["system"]}}',
    )
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Self:
        if (
            self.environment == "production"
            and self.jwt_secret.get_secret_value() == DEVELOPMENT_JWT_SECRET
        ):
            raise ValueError("JWT_SECRET must be set in production")
        return self
