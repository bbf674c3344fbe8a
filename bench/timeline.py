"""Where the first frame's time goes: ``python -m bench.timeline FOLDER [--runs N]``.

Starts ``python -m tui --data-dir FOLDER`` in a private tmux server (120x40), the way figure 1
does, but through a thin wrapper that records, in the app's own process: when our package's
imports were done, when the App was built, Textual's "Ready" event, each frame handed to the
terminal (``App._display``) and each one the driver writes (its size, and whether it holds the
dashboard's content), when the background work after the first frame started, and the
garbage collections (count and time) before the first frame. Next to that it prints when the
dashboard's content showed in tmux. Times are ms since tmux was asked to start the app.

Used to find the start-up costs in issue 5 (background work racing the first frame, the
collector's start-up passes); figure 1 remains the measure, this only explains it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import data, terminal

CHILD = r"""
import gc, json, os, sys, time
out = os.environ["NEXTROUND_TIMELINE"]
marks, collections = [], {"count": 0, "ms": 0.0, "started": 0.0}
def mark(name):
    marks.append((name, time.time()))
    with open(out, "w") as f:
        json.dump({"marks": marks, "gc": collections}, f)
def on_gc(phase, info):
    if phase == "start":
        collections["started"] = time.perf_counter()
    else:
        collections["count"] += 1
        collections["ms"] += (time.perf_counter() - collections["started"]) * 1000
gc.callbacks.append(on_gc)
mark("process started")
from tui.__main__ import STARTUP_GC_THRESHOLDS, main
gc.set_threshold(*STARTUP_GC_THRESHOLDS)  # main() does this first; the tracing below imports earlier
import textual.app as textual_app
import tui.ui.app as our_app
mark("imports done")
display = textual_app.App._display
def traced_display(self, screen, update):
    result = display(self, screen, update)
    frames = len([m for m in marks if m[0].startswith("frame")])
    if update is not None and frames < 6:
        mark(f"frame {frames + 1} handed to the terminal")
        if collections.get("before_first_frame") is None:
            collections["before_first_frame"] = dict(count=collections["count"], ms=collections["ms"])
    return result
textual_app.App._display = traced_display
import re
from textual.drivers import linux_driver
write = linux_driver.LinuxDriver.write
escapes = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
def traced_write(self, data):
    write(self, data)
    writes = len([m for m in marks if m[0].startswith("write ")])
    if len(data) > 512 and writes < 6:  # frames, not the set-up sequences
        plain = escapes.sub("", data)
        mark(f"write {writes + 1} to the terminal, {len(data) // 1024} kB" + (", with the content" if " sent · " in plain else ""))
linux_driver.LinuxDriver.write = traced_write
init = our_app.NextRoundApp.__init__
def traced_init(self, *args, **kwargs):
    init(self, *args, **kwargs)
    mark("App built (store open)")
our_app.NextRoundApp.__init__ = traced_init
ready = our_app.NextRoundApp.on_ready
def traced_ready(self):
    mark("Textual Ready")
    ready(self)
our_app.NextRoundApp.on_ready = traced_ready
after = our_app.NextRoundApp._after_first_frame
def traced_after(self):
    mark("background work starts")
    after(self)
our_app.NextRoundApp._after_first_frame = traced_after
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def run_once(folder: Path, work: Path) -> dict[str, object]:
    copy = data.copy(folder, work / "timeline-store")
    out = work / "timeline.json"
    out.unlink(missing_ok=True)
    os.environ["NEXTROUND_TIMELINE"] = str(out)  # the tmux server passes its environment on
    session = terminal.Session([sys.executable, "-c", CHILD, str(copy)])
    try:
        session.start()
        seen = session.wait_for(terminal.APP_MARKER, 30)
        time.sleep(1.0)  # let the background work start and be recorded
    finally:
        session.kill()
    recorded = json.loads(out.read_text()) if out.exists() else {"marks": [], "gc": {}}
    started = session.started_wall
    rows = [(name, (at - started) * 1000) for name, at in recorded["marks"]]
    if seen is not None:
        rows.append(("dashboard content seen in tmux", seen * 1000))
    return {"rows": sorted(rows, key=lambda row: row[1]), "gc": recorded["gc"].get("before_first_frame")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.timeline")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not terminal.tmux_available():
        print("tmux is needed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nextround-timeline-") as tmp:
        runs = [run_once(args.folder, Path(tmp)) for _ in range(args.runs)]
    by_name: dict[str, list[float]] = {}
    for run in runs:
        for name, at in run["rows"]:
            by_name.setdefault(name, []).append(at)
    print(f"{'ms after start (median of ' + str(len(runs)) + ')':<52} {'median':>7}   each run")
    for name, values in sorted(by_name.items(), key=lambda item: statistics.median(item[1])):
        print(f"{name:<52} {statistics.median(values):7.0f}   {' '.join(f'{v:.0f}' for v in values)}")
    for number, run in enumerate(runs, 1):
        collected = run["gc"] or {}
        print(f"run {number}: {collected.get('count', '?')} garbage collections before the first frame, "
              f"{collected.get('ms', 0):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
