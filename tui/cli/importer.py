"""``nextround import FILE``: our JSON export or another tracker's CSV, all or nothing.

``--dry-run`` shows the whole plan; ``--undo`` puts back the store as it was before the last
import (a copy is taken before every import that writes).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .common import CliError, add_data_dir, data_dir_from, open_store

if TYPE_CHECKING:
    from ..domain.clock import Clock
    from ..domain.models import Stage
    from ..store import Store

BACKUP_NAME = "nextround.before-import.json"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import",
        help="import a Next Round JSON export or a CSV from another tracker",
        description="Recognises LinkedIn's Job Applications.csv, Huntr, Teal, JobSync, Notion and Google Sheets "
        "trackers by their headers; any other CSV by common column names (company, role, date applied, status...). "
        "Columns we have no field for are kept in the notes, labelled.",
    )
    add_data_dir(parser)
    parser.add_argument("file", metavar="FILE", nargs="?", help="a .json export or a .csv")
    parser.add_argument("--dry-run", action="store_true", help="show the mapping, dates and first rows; write nothing")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="order", action="store_const", const="day-first", help="read 3/11/2026 as 3 November")
    order.add_argument("--monthfirst", dest="order", action="store_const", const="month-first", help="read 3/11/2026 as March 11")
    parser.add_argument("--map-status", action="append", default=[], metavar="WORD=STAGE",
                        help='a status word of yours and our stage, e.g. "Phase 2=interview" (repeatable)')
    parser.add_argument("--yes", action="store_true", help="import a file of more than 10,000 rows")
    parser.add_argument("--undo", action="store_true", help="put the store back as it was before the last import")
    parser.set_defaults(func=run, order=None)


def backup_path(args: argparse.Namespace) -> Path:
    return data_dir_from(args) / BACKUP_NAME


def run(args: argparse.Namespace) -> int:
    if args.undo:
        if args.file:
            raise CliError("--undo takes no FILE: it undoes the last import", 2)
        return undo(args)
    if not args.file:
        raise CliError("import needs a FILE (or --undo); see `nextround import --help`", 2)
    from ..store.importing import ImportFailed, import_text
    from ..store.importing.plan import cap
    from ..store.importing.stages import parse_map_status

    path = Path(args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(f"no such file: {path}", 1) from None
    except IsADirectoryError:
        raise CliError(f"{path} is a folder, not a file", 1) from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text; save it as CSV (UTF-8) and try again", 1) from None
    try:
        extra = parse_map_status(args.map_status)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    from ..domain.clock import SystemClock

    clock = SystemClock()
    now = clock.now()
    today = now.astimezone(clock.tz).date()

    def refused(problems: list[str]) -> int:
        print(f"nextround: {path} was not imported; nothing was written:", file=sys.stderr)
        for problem in cap(problems):
            print(f"  {problem}", file=sys.stderr)
        return 1

    # Everything is checked against a store opened only to read (an empty one in a temporary
    # folder when there is no data yet): a dry run or a refused file creates nothing, not even
    # the data folder or its lock file. Only a real import opens the store to write.
    with _reading_store(args, clock) as reader:
        try:
            checked = _check(reader, path, text, now, today, args, extra)
        except ImportFailed as exc:
            return refused(exc.problems)
    if checked is not None:
        return checked
    store = open_store(args, clock)
    try:
        _take_backup(store.path, backup_path(args))
        report = import_text(store, text, now, today, order=args.order, extra_words=extra, zone=clock.tz)
    except ImportFailed as exc:
        return refused(exc.problems)
    _record_after(store.path, backup_path(args))
    print(f"{path.name}: {report.summary()}; `nextround import --undo` takes it back")
    return 0


@contextmanager
def _reading_store(args: argparse.Namespace, clock: Clock) -> Iterator[Store]:
    """The store to check an import against, opened without a lock and never written."""
    if data_dir_from(args).is_dir():
        yield open_store(args, clock, read_only=True)
        return
    from ..store import Store

    with tempfile.TemporaryDirectory(prefix="nextround-import-check-") as folder:
        yield Store.open(Path(folder) / "nextround.json")


def _check(store: Store, path: Path, text: str, now: datetime, today: date, args: argparse.Namespace,
           extra: dict[str, Stage]) -> int | None:
    """Check the whole file (and print the dry run); the exit status when nothing is to be
    written, or None when the import should go ahead."""
    from ..store.importing import SIZE_LIMIT, detect_kind, import_text, plan_csv, render_dry_run

    if detect_kind(text) == "csv":
        plan = plan_csv(store, text, now, today, order=args.order, extra_words=extra)
        if args.dry_run:
            sys.stdout.write(render_dry_run(plan))
            return 1 if plan.problems or plan.unknown_words else 0
        if plan.total_rows > SIZE_LIMIT and not args.yes:
            raise CliError(f"{path.name} has {plan.total_rows:,} rows (more than {SIZE_LIMIT:,}); "
                           "check it with --dry-run, then add --yes to import them all", 1)
    # Checked in full first: a refused file leaves the store and the last import's undo as they were.
    report = import_text(store, text, now, today, dry_run=True, order=args.order, extra_words=extra)
    if args.dry_run or not any(report.added.values()):
        note = " (dry run: nothing written)" if args.dry_run else " (nothing new to write)"
        print(f"{path.name}: {report.summary()}{note}")
        return 0
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _after_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".after")


def _record_after(store_file: Path, backup: Path) -> None:
    """What the store looked like right after the import: undo refuses to drop later work silently."""
    _after_path(backup).write_text(_digest(store_file) + "\n", encoding="ascii")


def _take_backup(store_file: Path, backup: Path) -> None:
    """The store as it is now, beside it; an absent store is backed up as an empty one."""
    content = store_file.read_bytes() if store_file.exists() else b""
    temp = backup.with_name(backup.name + ".tmp")
    temp.write_bytes(content)
    os.replace(temp, backup)


def undo(args: argparse.Namespace) -> int:
    backup = backup_path(args)
    if not backup.exists():
        raise CliError(f"no import to undo in {data_dir_from(args)} (no {BACKUP_NAME})", 1)
    store = open_store(args)
    target = store.path
    store.close()
    after = _after_path(backup)
    recorded = after.read_text(encoding="ascii").strip() if after.exists() else ""
    if recorded and recorded != _digest(target) and not args.yes:
        raise CliError("the store has changed since the last import; undoing it would also undo those changes "
                       "(add --yes to undo anyway)", 1)
    content = backup.read_bytes()
    if content:
        temp = target.with_name(target.name + ".undo-tmp")
        temp.write_bytes(content)
        os.replace(temp, target)
    else:
        target.unlink(missing_ok=True)  # there was no store before the import
    backup.unlink()
    after.unlink(missing_ok=True)
    print(f"Undid the last import: the store is back as it was before it ({target}).")
    return 0
