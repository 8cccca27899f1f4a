"""Router settings."""

from __future__ import annotations

from shared.config import CommonSettings


class RouterSettings(CommonSettings):
    seed_reference_data: bool = True
