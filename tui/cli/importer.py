"""``nextround import FILE``: our JSON export or a spreadsheet's CSV, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import CliError, add_data_dir, open_store


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import",
        help="import a Next Round JSON export or a CSV of applications",
        description="Columns are matched by common names (company/employer, role/title/position, "
        "date applied, status/stage, link/url, contact/recruiter, email, location, notes, status date).",
    )
    add_data_dir(parser)
    parser.add_argument("file", metavar="FILE", help="a .json export or a .csv from a spreadsheet")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store.transfer import ImportFailed, import_text  # only this command needs it

    path = Path(args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(f"no such file: {path}", 1) from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text; save it as CSV (UTF-8) and try again", 1) from None
    from ..domain.clock import SystemClock

    clock = SystemClock()
    store = open_store(args, clock)
    now = clock.now()
    try:
        report = import_text(store, text, now, now.astimezone(clock.tz).date(), dry_run=args.dry_run)
    except ImportFailed as exc:
        print(f"nextround: {path} was not imported; nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{path.name}: {report.summary()}" + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0
