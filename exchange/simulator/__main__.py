"""Run the UCC simulator: ``python -m exchange.simulator --host 127.0.0.1 --port 8099``."""

import argparse

import uvicorn

from exchange.simulator.app import DEFAULT_API_KEY, create_app
from exchange.simulator.state import DEFAULT_REGION


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m exchange.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="key the region sends")
    parser.add_argument("--region", default=DEFAULT_REGION, help="region the key serves")
    args = parser.parse_args(argv)
    app = create_app(api_keys={args.api_key: args.region})
    uvicorn.run(app, host=args.host, port=args.port, timeout_graceful_shutdown=2)


if __name__ == "__main__":
    main()
