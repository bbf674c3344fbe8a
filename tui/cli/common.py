"""What every sub-command shares: opening the store and reporting errors in one line."""

from __future__ import annotations

import argparse
import errno
import gc
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ..store.paths import resolve_data_dir, store_path
from ..store.errors import StoreError

if TYPE_CHECKING:
    from ..domain.clock import Clock
    from ..store import Store


PYTHON_GC_THRESHOLDS = (700, 10, 10)  # CPython's defaults; ``tui.__main__.main`` raises them for the start-up


def steady_gc() -> None:
    """For a command that runs for hours: the collector's usual thresholds again."""
    gc.set_threshold(*PYTHON_GC_THRESHOLDS)


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def data_dir_from(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def open_store(
    args: argparse.Namespace, clock: Clock | None = None, parse_later: bool = False, read_only: bool = False,
) -> Store:
    """Open the store named by ``--data-dir`` / ``$NEXTROUND_DATA_DIR`` / the default.

    ``parse_later``: if the file is exactly what the saved dashboard was built from, parse it
    on first use (the app's first frame needs only the saved dashboard and the theme).
    ``read_only``: a command that only reads (status, export, settings without a value): no
    lock, nothing created or written; a folder that does not exist is reported, not shown as
    an empty search.
    """
    from ..domain.clock import SystemClock
    from ..store import Store

    clock = clock or SystemClock()
    path = store_path(data_dir_from(args))
    trusted = None
    if parse_later:
        from ..services.dashboard_cache import trusted_content

        trusted = trusted_content(path)
    store = Store.open(
        path, today=lambda: clock.now().astimezone(clock.tz).date(), trusted=trusted, read_only=read_only,
        on_wait=_say_waiting,
    )
    # The parsed file (and everything imported so far) lives as long as the command: out of
    # the collector's sight, so its next pass does not walk a large store's hundreds of
    # thousands of fresh objects (35 ms on the large demo, before the app's first frame or in
    # the middle of `remind --once`). Objects freed later are still freed: freezing only
    # leaves them out of collections.
    gc.freeze()
    return store


def _say_waiting() -> None:
    """After a second spent waiting for another Next Round's lock (before the app's screen)."""
    print("nextround: waiting for another Next Round…", file=sys.stderr, flush=True)


def fail(message: str, status: int = 1) -> int:
    print(f"nextround: {message}", file=sys.stderr)
    return status


def run_guarded(func, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Turn our expected errors into one clear stderr line and a status, never a traceback."""
    try:
        return int(func(args) or 0)
    except StoreError as exc:
        return fail(str(exc), exc.exit_status)
    except CliError as exc:
        return fail(str(exc), exc.status)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        from ..store.storage import disk_full_message

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            folder = Path(exc.filename).parent if exc.filename else data_dir_from(args)
            return fail(disk_full_message(folder), 1)
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}", 1)


def add_data_dir(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """``--data-dir`` works before or after the sub-command name."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if top_level else argparse.SUPPRESS,
        help="folder holding nextround.json (default: $NEXTROUND_DATA_DIR or the platform's data folder)",
    )
