"""``nextround``: open the app, or run one of the sub-commands (see ``nextround --help``)."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__

DESCRIPTION = (
    "Next Round: a calm terminal companion for a job search. Run without a command to open the app."
)


# Each command's name and its module in tui.cli, in the order `nextround --help` lists them.
COMMANDS = {"status": "status", "remind": "remind", "settings": "settings", "demo": "demo",
            "export": "export", "import": "importer"}
TOP_LEVEL_VALUE_OPTIONS = ("--data-dir",)  # top-level options that take a value


class _NotForTheLeanParser(Exception):
    """The lean parser met something it should not report itself (see ``main``)."""


class _OneLineParser(argparse.ArgumentParser):
    """A mistake on the command line: what is wrong on one line first, then the usage as the hint."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n{self.format_usage()}")


class _LeanParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # noqa: ARG002 - the full parser words it
        raise _NotForTheLeanParser


def build_parser(commands: Sequence[str] | None = None, lean: bool = False) -> argparse.ArgumentParser:
    """The command line, with ``commands`` registered (None: all of them).

    A run registers only the command it names (or none, to open the app): importing every
    command's module and building every sub-parser cost 12-17 ms of each start and of each
    `remind --once`. Help, typos and errors get the full parser, so they read the same
    (``lean``: a parser that hands every error back to ``main`` for that).
    """
    from .cli import open_app

    parser = (_LeanParser if lean else _OneLineParser)(prog="nextround", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"nextround {__version__}")
    open_app.add_arguments(parser)
    parser.set_defaults(func=open_app.run)
    names = list(COMMANDS) if commands is None else list(commands)
    if names:
        subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
        for name in names:
            importlib.import_module(f".cli.{COMMANDS[name]}", __package__).register(subparsers)
    return parser


def commands_needed(argv: Sequence[str]) -> list[str] | None:
    """The commands a parser for ``argv`` needs: [] to open the app, [name] for one command,
    None (all) for help or anything this quick look does not recognise."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word in TOP_LEVEL_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return [word] if word in COMMANDS else None
    return []


# Start-up builds hundreds of thousands of objects that live as long as the process (modules,
# classes, styles, the store's records). With Python's default thresholds (700, 10, 10) the
# collector ran about 120 times (one full pass) before the app's first frame: 40-110 ms measured
# on the bench machine (`gc.callbacks`), a tenth of the start. Until a command is running,
# collect rarely; the app collects once and sets its own thresholds after its first frame, and
# the long-running `remind` loop goes back to the defaults (``tui.cli.common.steady_gc``).
STARTUP_GC_THRESHOLDS = (100_000, 50, 1000)


def main(argv: Sequence[str] | None = None) -> int:
    from .cli.common import run_guarded

    gc.set_threshold(*STARTUP_GC_THRESHOLDS)

    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(commands_needed(words), lean=True).parse_args(words)
    except _NotForTheLeanParser:  # the full parser says what is wrong, as it always did
        args = build_parser().parse_args(words)
    return run_guarded(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
