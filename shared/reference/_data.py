"""Reading the JSON files shipped inside this package."""

import json
from importlib import resources
from typing import Any


def read_json(file_name: str) -> Any:
    """Read a package data file, so the data travels with the installed package."""
    text = resources.files(__package__ or "shared.reference").joinpath(file_name).read_text("utf-8")
    return json.loads(text)
