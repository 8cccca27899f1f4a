"""Exchange settings: where the UCC is and how hard to try."""

from __future__ import annotations

from pydantic import Field, SecretStr

from shared.config import CommonSettings


class ExchangeSettings(CommonSettings):
    ucc_base_url: str = "http://127.0.0.1:8099"
    ucc_api_key: SecretStr = SecretStr("sim-key")
    ucc_region: str = "dnipropetrovsk"
    push_batch_size: int = Field(default=50, ge=1, le=1000)
    push_lease_seconds: int = Field(default=60, ge=5)
    push_max_attempts: int = Field(default=12, ge=1)
    push_poll_interval: float = Field(default=0.5, gt=0)
