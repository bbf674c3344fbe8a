"""``nextround``: open the app, or run one of the sub-commands (see ``nextround --help``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

DESCRIPTION = (
    "Next Round: a calm terminal companion for a job search. Run without a command to open the app."
)


def build_parser() -> argparse.ArgumentParser:
    from .cli import demo, export, importer, open_app, remind, settings, status

    parser = argparse.ArgumentParser(prog="nextround", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"nextround {__version__}")
    open_app.add_arguments(parser)
    parser.set_defaults(func=open_app.run)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (status, remind, settings, demo, export, importer):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .cli.common import run_guarded

    parser = build_parser()
    args = parser.parse_args(argv)
    return run_guarded(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
