"""``nextround demo``: write the sample job search into a folder (for trying things out)."""

from __future__ import annotations

import argparse

from ..domain.clock import SystemClock
from ..store.paths import store_path
from .common import CliError, add_data_dir, data_dir_from, open_store

SIZES = ("small", "large")  # tui.services.demo.SIZES; the generator itself loads only when this command runs


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="write a sample job search into --data-dir (never over existing data)")
    add_data_dir(parser)
    parser.add_argument("--size", choices=SIZES, default="small", help="small: a dozen companies; large: 1,000 applications")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "data_dir", None):
        raise CliError("demo needs --data-dir DIR, so it never writes into your real data", 2)
    path = store_path(data_dir_from(args))
    if path.exists():
        raise CliError(f"{path} already exists; the demo only writes into a folder without a store", 1)
    from ..services.demo import fill_demo_store

    clock = SystemClock()
    store = open_store(args, clock)
    data = fill_demo_store(store, clock.now(), clock.tz, args.size)
    counts = ", ".join(f"{n} {name}" for name, n in data.counts().items())
    print(f"wrote a {args.size} demo search to {path}: {counts}")
    print(f"open it with: nextround --data-dir {path.parent}")
    return 0
