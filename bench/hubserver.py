"""`allyhub serve` with deny lists: the benchmarks' server process.

allyhub has no governance command for deny lists yet, so this runs the very same
`allyhub.cli.serve.serve` after wrapping `build_services` to give the coalition state the
deny lists read from a JSON file ({originator: [denied member, ...]}). Everything else
(settings, migrations, the ASGI app, uvicorn) is the real command's.

    python bench/hubserver.py --denies denies.json -- --charter C --hub H --port P ...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

import allyhub.cli.serve as serve_command
from allyhub.app import Services
from allyhub.policy.standing import CoalitionState


def _with_denies(denies: dict[str, frozenset[str]]) -> Any:
    build = serve_command.build_services  # type: ignore[attr-defined]

    def build_services(settings: Any, **kwargs: Any) -> Services:
        services = build(settings, **kwargs)
        state = CoalitionState(services.coalition.state().members, denies)
        services.coalition.state = lambda: state  # type: ignore[method-assign]
        return services

    return build_services


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--denies", required=True, help="JSON file: originator -> denied members")
    parser.add_argument("serve", nargs=argparse.REMAINDER, help="arguments of allyhub serve")
    args = parser.parse_args(argv)
    raw = orjson.loads(Path(args.denies).read_bytes())
    denies = {origin: frozenset(denied) for origin, denied in raw.items()}
    serve_command.build_services = _with_denies(denies)  # type: ignore[attr-defined]
    rest = [a for a in args.serve if a != "--"]
    flags = dict(zip(rest[::2], rest[1::2], strict=True))
    serve_command.serve(
        charter=flags["--charter"],
        hub=flags["--hub"],
        db=flags.get("--db", ""),
        data_dir=flags["--data-dir"],
        host=flags.get("--host", "127.0.0.1"),
        port=int(flags["--port"]),
        log_level=flags.get("--log-level", "warning"),
    )


if __name__ == "__main__":
    main(sys.argv[1:])
