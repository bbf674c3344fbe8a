"""Measurements that run in a child process: ``python -m bench.probes open|commit|rebuild FOLDER ...``.

Each prints one JSON line. A child process per run keeps each store open honest: a fresh
interpreter has nothing decoded or cached, like a person starting Next Round.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path


def _clock():  # type: ignore[no-untyped-def]
    from tui.domain.clock import SystemClock

    return SystemClock()


def measure_open(folder: Path, saved: bool = False) -> dict[str, object]:
    """Store open: load the file and build the dashboard's figures (what the first frame needs).

    Imports happen before the clock starts (they are in the first-frame figure). If
    ``tui.services.dashboard_data.build`` is missing or fails, every table is loaded instead and
    ``what`` says so. With ``saved``, the dashboard comes from the file the app saved
    (``tui.services.dashboard_cache``) when it is valid, as at a start of the app. The garbage
    collector runs with the thresholds ``nextround`` sets before anything else
    (``tui.__main__.STARTUP_GC_THRESHOLDS``), as in the start this figure stands for.
    """
    from tui.__main__ import STARTUP_GC_THRESHOLDS
    from tui.store import Store

    gc.set_threshold(*STARTUP_GC_THRESHOLDS)

    try:
        from tui.services import dashboard_data

        builder = dashboard_data.build
    except Exception:  # noqa: BLE001 - the dashboard's data module is optional for this figure
        builder = None
    try:  # the reminder rules the dashboard uses, imported up front like the app does
        import tui.domain.reminders  # noqa: F401
        import tui.services.reminders  # noqa: F401
    except Exception:  # noqa: BLE001
        pass
    clock = _clock()
    now, zone = clock.now(), clock.tz
    path = folder / "nextround.json"
    start = time.perf_counter()
    store = Store.open(path)
    opened = time.perf_counter()
    what = "store load + dashboard_data.build"
    error = ""
    if saved:
        from tui.services import dashboard_cache

        if dashboard_cache.load(store.path, store.fingerprint, now, zone) is not None:
            builder, what = None, "store load + saved dashboard"
        else:
            what = "store load + dashboard_data.build (saved dashboard not valid)"
    if builder is not None:
        try:
            builder(store, now, zone)
        except Exception as exc:  # noqa: BLE001 - fall back, and say why
            builder = None
            error = f"{type(exc).__name__}: {exc}"
    if builder is None and not saved:
        for repository in (store.applications, store.rejections, store.reflections, store.actions, store.checkins):
            repository.all()
        store.settings()
        what = "store load only (all tables decoded)"
    end = time.perf_counter()
    store.close()
    return {"ms": (end - start) * 1000, "open_ms": (opened - start) * 1000, "what": what, "error": error}


def measure_commit(folders: list[Path], runs: int) -> dict[str, object]:
    """One tick written durably (fsync + rename + folder fsync), alternating between the stores."""
    from tui.domain.models import ActionStatus
    from tui.services.editor import Editor
    from tui.store import Store

    clock = _clock()
    stores = [Store.open(folder / "nextround.json") for folder in folders]
    editors = [Editor(store, clock) for store in stores]
    items = []
    for store in stores:
        open_items = [a for a in store.actions.all() if a.status is not ActionStatus.DONE]
        items.append(open_items or store.actions.all())
    results: list[list[float]] = [[] for _ in stores]
    for run in range(runs + 1):  # the first round warms up and is not kept
        order = range(len(stores)) if run % 2 == 0 else reversed(range(len(stores)))
        for index in order:
            pool = items[index]
            if not pool:
                continue
            item = editors[index].store.actions.get(pool[run % len(pool)].id)
            if item is None:
                continue
            target = ActionStatus.TODO if item.status is ActionStatus.DONE else ActionStatus.DONE
            start = time.perf_counter()
            editors[index].move_action(item, target)
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                results[index].append(elapsed)
    for store in stores:
        store.close()
    return {"ms": results}


def measure_rebuild(folder: Path, runs: int) -> dict[str, object]:
    """The dashboard rebuilt from an open store whose tables are decoded (what each visit to the
    dashboard after a change costs the writer thread): thread CPU per rebuild, after one warm-up.

    Only ``tui.services.dashboard_data.build``, so it runs against an older checkout too, to compare:
    ``PYTHONPATH=OLD_CHECKOUT python bench/probes.py rebuild FOLDER``.
    """
    from tui.services import dashboard_data
    from tui.store import Store

    clock = _clock()
    now, zone = clock.now(), clock.tz
    store = Store.open(folder / "nextround.json")
    dashboard_data.build(store, now, zone)  # decodes the tables, as the app has by then
    results = []
    for _ in range(runs):
        start = time.thread_time()
        dashboard_data.build(store, now, zone)
        results.append((time.thread_time() - start) * 1000)
    store.close()
    return {"ms": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.probes")
    sub = parser.add_subparsers(dest="what", required=True)
    p_open = sub.add_parser("open")
    p_open.add_argument("folder", type=Path)
    p_open.add_argument("--saved", action="store_true", help="use the saved dashboard when valid")
    p_commit = sub.add_parser("commit")
    p_commit.add_argument("folders", type=Path, nargs="+")
    p_commit.add_argument("--runs", type=int, default=5)
    p_rebuild = sub.add_parser("rebuild")
    p_rebuild.add_argument("folder", type=Path)
    p_rebuild.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    if args.what == "open":
        result = measure_open(args.folder, saved=args.saved)
    elif args.what == "rebuild":
        result = measure_rebuild(args.folder, args.runs)
    else:
        result = measure_commit(args.folders, args.runs)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
