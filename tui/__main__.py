"""``nextround``: open the app, or run one of the sub-commands (see ``nextround --help``)."""

from __future__ import annotations

import argparse
import gc
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

    parser = build_parser()
    args = parser.parse_args(argv)
    return run_guarded(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
