"""Command line of the platform.

python -m services run intake|registry|router|monitoring|exchange|all [--port N]
python -m services up                 every service in its own process (distributed)
python -m services migrate [NAME…]    apply migrations (all services by default)
python -m services makemigration NAME "message"
python -m services token ROLE [--subject S] [--body CODE]
python -m services dead-letters QUEUE [--replay]
python -m services ucc-simulator [--port N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time

import uvicorn

from services.catalog import SERVICES, UCC_SIMULATOR_PORT, service
from services.launcher import ServiceProcesses
from shared.auth import Role, mint_token
from shared.bus import RabbitBus
from shared.config import CommonSettings
from shared.logs import configure_logging
from shared.migrate import autogenerate, upgrade


def _serve(app: object, host: str, port: int) -> None:
    uvicorn.run(app, host=host, port=port, log_level="warning", loop="uvloop", lifespan="on")  # type: ignore[arg-type]


def cmd_run(args: argparse.Namespace) -> None:
    settings = CommonSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    if args.name == "all":
        from services.embedded import build_embedded

        os.makedirs("var", exist_ok=True)
        _serve(
            build_embedded(public_url=f"http://{args.host}:{args.port or 8000}"),
            args.host,
            args.port or 8000,
        )
        return
    spec = service(args.name)
    _serve(spec.build(), args.host, args.port or spec.port)


def cmd_migrate(args: argparse.Namespace) -> None:
    settings = CommonSettings()
    names = args.names or [spec.name for spec in SERVICES]

    async def run() -> None:
        for name in names:
            await upgrade(settings.database_url, name, service(name).schema)
            print(f"{name}: migrated")

    asyncio.run(run())


def cmd_makemigration(args: argparse.Namespace) -> None:
    settings = CommonSettings()
    spec = service(args.name)
    asyncio.run(autogenerate(settings.database_url, spec.name, spec.schema, args.message))


def cmd_token(args: argparse.Namespace) -> None:
    settings = CommonSettings()
    print(
        mint_token(
            settings, args.subject or f"dev-{args.role}", [Role(args.role)], body_code=args.body
        )
    )


def cmd_dead_letters(args: argparse.Namespace) -> None:
    settings = CommonSettings()

    async def run() -> None:
        bus = RabbitBus(settings.amqp_url, prefix=settings.bus_prefix, service="dead-letters")
        await bus.start()
        try:
            if args.replay:
                count = await bus.replay_dead_letters(args.queue)
                print(f"replayed {count} message(s) onto {bus.queue_name(args.queue)}")
            else:
                for letter in await bus.dead_letters(args.queue):
                    print(
                        letter.model_dump_json() if hasattr(letter, "model_dump_json") else letter
                    )
        finally:
            await bus.close()

    asyncio.run(run())


def cmd_up(_args: argparse.Namespace) -> None:
    """Every service as its own uvicorn process, plus the UCC simulator; Ctrl-C stops all."""
    cmd_migrate(argparse.Namespace(names=[]))
    simulator = subprocess.Popen(
        [sys.executable, "-m", "services", "ucc-simulator", "--port", str(UCC_SIMULATOR_PORT)]
    )
    processes = ServiceProcesses({})
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        asyncio.run(processes.start_all())
        names = ", ".join(f"{spec.name}:{spec.port}" for spec in SERVICES)
        print(f"services up: {names}, ucc-simulator:{UCC_SIMULATOR_PORT}; Ctrl-C stops them")
        children = [*processes.processes.values(), simulator]
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
    finally:
        processes.stop_all()
        simulator.terminate()
        simulator.wait(timeout=20)
    if not stopping:
        sys.exit("a service stopped unexpectedly; all were stopped")


def cmd_ucc_simulator(args: argparse.Namespace) -> None:
    from exchange.simulator.app import create_app

    _serve(create_app(), args.host, args.port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m services",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run one service, or all of them embedded")
    run.add_argument("name", choices=[s.name for s in SERVICES] + ["all"])
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int)
    run.set_defaults(func=cmd_run)

    up = commands.add_parser("up", help="every service in its own process")
    up.set_defaults(func=cmd_up)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("names", nargs="*")
    migrate.set_defaults(func=cmd_migrate)

    makemigration = commands.add_parser("makemigration", help="autogenerate a migration")
    makemigration.add_argument("name")
    makemigration.add_argument("message")
    makemigration.set_defaults(func=cmd_makemigration)

    token = commands.add_parser("token", help="mint a bearer token (development)")
    token.add_argument("role", choices=[role.value for role in Role])
    token.add_argument("--subject")
    token.add_argument("--body")
    token.set_defaults(func=cmd_token)

    dead = commands.add_parser("dead-letters", help="show or replay a queue's dead letters")
    dead.add_argument("queue", help="e.g. registry.appeals")
    dead.add_argument("--replay", action="store_true")
    dead.set_defaults(func=cmd_dead_letters)

    simulator = commands.add_parser("ucc-simulator", help="run the UCC simulator")
    simulator.add_argument("--host", default="127.0.0.1")
    simulator.add_argument("--port", type=int, default=UCC_SIMULATOR_PORT)
    simulator.set_defaults(func=cmd_ucc_simulator)

    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
