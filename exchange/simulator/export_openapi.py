"""Write the OpenAPI document of contract v1 (without the simulator's controls).

Usage: ``python -m exchange.simulator.export_openapi docs/ucc-contract.openapi.json``.
The document is generated from the same models the client uses, so it cannot drift.
"""

import argparse
import json
from pathlib import Path
from typing import Any

from exchange.simulator.app import create_app

CONTROL_PREFIX = "/_sim"


def contract_openapi() -> dict[str, Any]:
    """The contract as OpenAPI 3.1, simulator-only paths removed."""
    schema = create_app().openapi()
    schema["paths"] = {
        path: operations
        for path, operations in schema["paths"].items()
        if not path.startswith(CONTROL_PREFIX)
    }
    used = json.dumps(schema["paths"])
    components = schema["components"]["schemas"]
    schema["components"]["schemas"] = _reachable(components, used)
    return schema


def _reachable(components: dict[str, Any], root: str) -> dict[str, Any]:
    """Keep only the component schemas the remaining paths refer to, directly or not."""
    keep: set[str] = set()
    pending = [root]
    while pending:
        text = pending.pop()
        for name, component in components.items():
            if name not in keep and f'"#/components/schemas/{name}"' in text:
                keep.add(name)
                pending.append(json.dumps(component))
    return {name: components[name] for name in sorted(keep)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m exchange.simulator.export_openapi")
    parser.add_argument(
        "output", type=Path, help="file to write, e.g. docs/ucc-contract.openapi.json"
    )
    target = parser.parse_args(argv).output
    text = json.dumps(contract_openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
