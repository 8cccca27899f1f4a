"""A stand-in Government Contact Center that speaks contract v1, for tests and demos."""

from exchange.simulator.app import create_app

__all__ = ["create_app"]
