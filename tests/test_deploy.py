"""The deployment files parse and start only what the command line really offers."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
import yaml

from services.__main__ import main
from services.catalog import SERVICES

DEPLOY = Path(__file__).parents[1] / "deploy"


def test_compose_runs_every_service_with_a_real_command() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {spec.name for spec in SERVICES} <= set(services)
    for spec in SERVICES:
        command = services[spec.name]["command"]
        assert command[:5] == ["python", "-m", "services", "run", spec.name]
        assert services[spec.name]["environment"]["DATABASE_URL"].startswith(
            "postgresql+asyncpg://"
        )
    assert services["migrate"]["command"] == ["python", "-m", "services", "migrate"]


def test_the_command_line_accepts_what_the_deployment_files_ask() -> None:
    for arguments in (["migrate", "--help"], *(["run", s.name, "--help"] for s in SERVICES)):
        with pytest.raises(SystemExit) as exit_:
            main(arguments)
        assert exit_.value.code == 0


def test_the_systemd_unit_parses() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(DEPLOY / "systemd" / "contact-center@.service")
    assert "services run %i" in unit["Service"]["ExecStart"]
    assert unit["Service"]["KillSignal"] == "SIGTERM"
