"""Opening the full-screen app (the default when no command is given)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from typing import TYPE_CHECKING

from ..store.paths import store_path
from .common import add_data_dir, open_store

if TYPE_CHECKING:
    from ..domain.clock import SystemClock
    from ..store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help="open on a throwaway sample search (your data is not touched)")


def run(args: argparse.Namespace) -> int:
    from ..domain.clock import SystemClock

    clock = SystemClock()
    if args.demo:
        return _run_demo(clock)
    # Bad files fail here, before the screen is taken over (a file that is byte for byte what
    # the saved dashboard was built from was valid then, and is parsed after the first frame).
    store = open_store(args, clock, parse_later=True)
    if store.storage.parsed:
        # Not the content the saved dashboard was built from (that was read in full then):
        # decode it now, so a damaged record is named here, in one paragraph with exit
        # status 2, not met by a screen halfway through drawing.
        store.check_records()
    return _run_app(store, clock)


def _run_demo(clock: SystemClock) -> int:
    from ..services.demo import fill_demo_store
    from ..store import Store

    folder = Path(tempfile.mkdtemp(prefix="nextround-demo-"))
    try:
        store = Store.open(store_path(folder))
        fill_demo_store(store, clock.now(), clock.tz)
        return _run_app(store, clock, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_app(store: Store, clock: SystemClock, demo: bool = False) -> int:
    from ..ui.app import NextRoundApp

    app = NextRoundApp(store=store, clock=clock, demo=demo)
    app.run()
    return app.return_code or 0
