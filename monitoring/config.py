"""Monitoring settings."""

from __future__ import annotations

from shared.config import CommonSettings


class MonitoringSettings(CommonSettings):
    pass
