"""Exchange settings: where the UCC is, how hard to try, and how often to pull and reconcile."""

from __future__ import annotations

from pydantic import Field, SecretStr

from shared.config import CommonSettings


class ExchangeSettings(CommonSettings):
    ucc_base_url: str = "http://127.0.0.1:8099"
    ucc_api_key: SecretStr = SecretStr("sim-key")
    ucc_region: str = "dnipropetrovsk"
    ucc_timeout_seconds: float = Field(default=10.0, gt=0)
    ucc_retry_attempts: int = Field(default=4, ge=1, le=20)
    ucc_retry_initial_backoff: float = Field(default=0.5, gt=0)
    ucc_retry_max_backoff: float = Field(default=10.0, gt=0)
    ucc_breaker_threshold: int = Field(default=5, ge=1)
    ucc_breaker_reset_seconds: float = Field(default=30.0, ge=0)

    push_batch_size: int = Field(default=50, ge=1, le=1000)
    push_lease_seconds: int = Field(default=60, ge=5)
    push_max_attempts: int = Field(default=12, ge=1)
    push_concurrency: int = Field(default=8, ge=1, le=100, description="Pushes in flight")
    push_poll_interval: float = Field(default=0.5, gt=0)
    push_backoff_base: float = Field(default=1.0, gt=0)
    push_backoff_cap: float = Field(default=600.0, gt=0)

    pull_enabled: bool = True
    pull_interval: float = Field(default=10.0, gt=0)
    pull_page_size: int = Field(default=100, ge=1, le=500)
    pull_max_pages: int = Field(default=50, ge=1, description="Pages per pull round at most")

    reconcile_interval_seconds: float = Field(
        default=86_400.0, ge=0, description="0 turns the scheduled reconciliation off"
    )
    reconcile_lookback_days: int = Field(default=31, ge=1, le=366)

    import_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    import_max_rows: int = Field(default=20_000, ge=1)
    export_max_rows: int = Field(default=100_000, ge=1)
