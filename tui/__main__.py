"""``nextround``: open the app, or run one of the sub-commands (see ``nextround --help``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

DESCRIPTION = (
    "Next Round: a calm terminal companion for a job search. Run without a command to open the app."
)


SUBCOMMANDS = ("status", "remind", "demo", "export", "importer")


def _exists(name: str) -> bool:  # TEMPORARY until remind lands
    from importlib.util import find_spec

    return find_spec(f".cli.{name}", __package__) is not None


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from .cli import open_app

    modules = [importlib.import_module(f".cli.{name}", __package__) for name in SUBCOMMANDS if _exists(name)]

    parser = argparse.ArgumentParser(prog="nextround", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"nextround {__version__}")
    open_app.add_arguments(parser)
    parser.set_defaults(func=open_app.run)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in modules:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .cli.common import run_guarded

    parser = build_parser()
    args = parser.parse_args(argv)
    return run_guarded(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
