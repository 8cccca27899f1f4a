"""Which services exist, where each listens, and how to build it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

import exchange.app
import intake.app
import monitoring.app
import registry.app
import router.app
from exchange.config import ExchangeSettings
from intake.config import IntakeSettings
from monitoring.config import MonitoringSettings
from registry.config import RegistrySettings
from router.config import RouterSettings
from shared.config import CommonSettings


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    port: int
    settings_class: type[CommonSettings]
    build: Callable[..., FastAPI]

    @property
    def schema(self) -> str:
        return self.name

    def settings(self, **overrides: Any) -> CommonSettings:
        return self.settings_class(**overrides)


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("intake", 8001, IntakeSettings, intake.app.build),
    ServiceSpec("registry", 8002, RegistrySettings, registry.app.build),
    ServiceSpec("router", 8003, RouterSettings, router.app.build),
    ServiceSpec("monitoring", 8004, MonitoringSettings, monitoring.app.build),
    ServiceSpec("exchange", 8005, ExchangeSettings, exchange.app.build),
)
UCC_SIMULATOR_PORT = 8099


def service(name: str) -> ServiceSpec:
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(f"no service named {name!r}; known: {', '.join(s.name for s in SERVICES)}")
