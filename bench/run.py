"""Next Round's performance bench: builds the data, measures every figure, prints one table.

    python bench/run.py            # the full run (about 17 minutes)
    python bench/run.py --quick    # a shorter run (under 2 minutes): fewer runs, smaller windows
    python bench/run.py --readme   # also put the table into bench/README.md

Columns: figure, small, large, baseline, ratio, target, pass/fail. Each cell is the median of
the runs with (min-max) beside it. Every figure is measured alternately with its baseline in
the same run, so a noisy machine moves both. See bench/README.md for what each figure means
and how it is taken.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import data, measures, terminal  # noqa: E402
from bench.stats import Sample, growth_per_10x  # noqa: E402

README = ROOT / "bench" / "README.md"
# A linear cost measures 10× per 10× give or take the machine's noise; beyond this it grows faster.
GROWTH_NOISE = 1.10
START_MARK, END_MARK = "<!-- perf:start -->", "<!-- perf:end -->"


@dataclass
class Config:
    name: str
    runs: int  # runs per figure (median of these)
    key_rounds: int  # app start-ups per store size for the key figures
    key_reps: int  # presses of each key per start-up
    idle_window: float  # seconds of idle measured (split into idle_samples parts)
    idle_samples: int
    large: str | int  # the large store ("large" demo, or N action items for --tiny)
    growth: tuple[int, ...]  # action-item counts for the growth figures
    growth_runs: int
    visit: bool = True  # visit every screen before reading memory / measuring idle
    # Figure 1's runs: the bare app's own first frame moves between 0.37 and 0.6 s on the bench
    # machine, so 7-run medians moved the ratios by about 0.1x from one run to the next.
    frame_runs: int = 0  # 0: as many as ``runs``
    # The keys' "large within 1.2x of small" compares two medians of 7-14 ms, and this machine's
    # speed changes by up to 2x within seconds: with 3 start-ups per store (9 presses) a ratio
    # moved by 0.2 from run to run. With nine start-ups, small and large alternating, two runs of
    # ``python -m bench.key_ratios SMALL LARGE`` agreed within 0.06 (the key figures take about
    # 2.5 minutes).


FULL = Config("full", runs=7, key_rounds=9, key_reps=3, idle_window=60, idle_samples=5, large="large",
              growth=(100, 1_000, 10_000, 50_000), growth_runs=5, frame_runs=15)
QUICK = Config("quick", runs=3, key_rounds=1, key_reps=1, idle_window=10, idle_samples=2, large="large",
               growth=(100, 1_000, 10_000), growth_runs=1, visit=False)
TINY = Config("tiny", runs=1, key_rounds=1, key_reps=1, idle_window=1, idle_samples=1, large=300,
              growth=(10, 100), growth_runs=1, visit=False)


# ---------------------------------------------------------------------------------------------
# The table


@dataclass
class Row:
    figure: str
    small: str = "—"
    large: str = "—"
    baseline: str = "—"
    ratio: str = "—"
    target: str = ""
    result: str = "n/a"


def cell(sample: Sample | None, unit: str, digits: int = 0) -> str:
    if sample is None or not sample.ok:
        return "n/a"
    fmt = f"{{:,.{digits}f}}"
    if len(sample.values) == 1:
        return f"{fmt.format(sample.median)} {unit}"
    return f"{fmt.format(sample.median)} {unit} ({fmt.format(sample.low)}–{fmt.format(sample.high)})"


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "n/a"
    return "pass" if ok else "FAIL"


def ratio_of(a: Sample | None, b: Sample | None) -> float:
    if a is None or b is None or not a.ok or not b.ok or b.median <= 0:
        return math.nan
    return a.median / b.median


def fmt_ratio(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}×"


def render(rows: list[Row]) -> str:
    headers = ("figure", "small", "large", "baseline", "ratio", "target", "pass/fail")
    table = [headers] + [(r.figure, r.small, r.large, r.baseline, r.ratio, r.target, r.result) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(headers))]

    def line(values: tuple[str, ...]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(values) for values in table[1:]]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The run


def machine() -> dict[str, str]:
    model = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import textual

        textual_version = textual.__version__  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        from importlib.metadata import version

        textual_version = version("textual")
    try:
        import orjson

        json_lib = f"orjson {orjson.__version__}"
    except ImportError:
        json_lib = "json (orjson not installed)"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model or platform.processor() or "unknown",
        "python": platform.python_version(),
        "textual": textual_version,
        "json": json_lib,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(config: Config, work: Path) -> tuple[list[Row], list[str], dict[str, object]]:
    notes: list[str] = []
    raw: dict[str, object] = {}
    rows: list[Row] = []
    started = time.perf_counter()

    log("building stores")
    stores = {
        "empty": data.build(work / "empty", "empty"),
        "small": data.build(work / "small", "small"),
        "large": data.build(work / "large", config.large),
    }
    growth = {n: data.build(work / f"growth-{n}", n) for n in config.growth}
    sizes = {name: measures.file_size_mb(folder) for name, folder in stores.items()}
    raw["counts"] = {"small": data.counts(stores["small"]), "large": data.counts(stores["large"])}
    raw["file_mb"] = sizes | {f"growth-{n}": measures.file_size_mb(f) for n, f in growth.items()}

    # Every store as a session of the app leaves it at quit (with its saved dashboard); the
    # "cold" copies have none: the start after another process (``remind``) changed the store.
    saved = {name: data.save_dashboard(folder) for name, folder in stores.items()}
    cold = {name: data.without_dashboard(stores[name], work / f"{name}-cold") for name in ("small", "large")}
    notes.append("saved dashboard written for: " + ", ".join(name for name, ok in saved.items() if ok))

    # 1 and 7 ------------------------------------------------------------------------------
    log("1/7 first frame and peak memory in tmux")
    frames, peaks = measures.first_frames(
        {"bare": None, "empty": stores["empty"], "small": stores["small"], "large": stores["large"],
         "small-cold": cold["small"], "large-cold": cold["large"]},
        config.frame_runs or config.runs, work, visit=config.visit,
    )
    raw["first_frame_s"] = {k: v.as_dict() for k, v in frames.items()}
    raw["peak_rss_mb"] = {k: v.as_dict() for k, v in peaks.items()}
    r_empty = ratio_of(frames["empty"], frames["bare"])
    r_large = ratio_of(frames["large"], frames["bare"])
    r_cold = ratio_of(frames["large-cold"], frames["bare"])
    rows.append(Row("1 first frame in tmux, empty store", cell(frames["empty"], "s", 2), "—", cell(frames["bare"], "s", 2),
                    fmt_ratio(r_empty), "≤ 1.25× bare", verdict(None if math.isnan(r_empty) else r_empty <= 1.25)))
    rows.append(Row("1 first frame in tmux, demo store", cell(frames["small"], "s", 2), cell(frames["large"], "s", 2),
                    cell(frames["bare"], "s", 2), fmt_ratio(r_large), "large ≤ 1.5× bare",
                    verdict(None if math.isnan(r_large) else r_large <= 1.5)))
    rows.append(Row("1 first frame, demo store, no saved dashboard", cell(frames["small-cold"], "s", 2),
                    cell(frames["large-cold"], "s", 2), cell(frames["bare"], "s", 2), fmt_ratio(r_cold),
                    "large ≤ 1.5× bare", verdict(None if math.isnan(r_cold) else r_cold <= 1.5)))
    notes += [f"first frame, {k}: {v.note}" for k, v in frames.items() if v.note]

    # 2 ------------------------------------------------------------------------------------
    log("2 key-to-screen latency (Pilot)")
    keys, bare_keys, key_notes, key_gc, harness = measures.key_latency(
        {"small": stores["small"], "large": stores["large"]}, config.key_rounds, config.key_reps, work
    )
    notes += key_notes
    raw["keys_ms"] = {size: {k: v.as_dict() for k, v in by_key.items()} for size, by_key in keys.items()}
    raw["keys_bare_ms"] = {k: v.as_dict() for k, v in bare_keys.items()}
    raw["keys_gc_ms"] = {size: {k: v.as_dict() for k, v in by_key.items()} for size, by_key in key_gc.items()}
    shares = []
    for size in ("small", "large"):
        parts = [f"{k.split(' (')[0]} {v.median:.0f} (max {v.high:.0f})" for k, v in key_gc.get(size, {}).items() if v.ok]
        if parts:
            shares.append(f"{size}: " + ", ".join(parts))
    if shares:
        notes.append("key figures, garbage collection's share in ms, median (max): " + "; ".join(shares))
    raw["keys_harness_ms"] = {size: {k: v.as_dict() for k, v in by.items()} for size, by in harness.items()}
    checks = []
    for size in ("small", "large"):
        by = harness.get(size, {})
        noop, floor = by.get("no-op"), by.get("floor")
        residuals = [v.median for k, v in by.items() if k.startswith("residual: ") and v.ok]
        if noop is not None and floor is not None and noop.ok and floor.ok and residuals:
            checks.append(f"{size}: a key bound to nothing {noop.median:.1f} ms; Pilot's settle after it "
                          f"{floor.median:.1f} ms, after the timed keys {min(residuals):.1f}–{max(residuals):.1f} ms")
    walls = []
    for size in ("small", "large", "bare"):
        parts = [f"{k[len('wall: '):].split(' (')[0]} {v.median:.0f}" for k, v in harness.get(size, {}).items()
                 if k.startswith("wall: ") and v.ok]
        if parts:
            walls.append(f"{size}: " + ", ".join(parts))
    if walls:
        notes.append("key figures, wall time in ms from the key to its first frame, median (the app time "
                     "plus waiting: Textual's frame timer, the writer thread holding the interpreter lock): "
                     + "; ".join(walls))
    if checks:
        notes.append("key harness check, medians (Pilot's settle after a key costs its floor when the timed "
                     "figure left none of the key's work out): " + "; ".join(checks))
    from bench.keys import BARE_FOCUS, BARE_SWITCH, KEYS

    for name, what in KEYS.items():
        small, large = keys["small"].get(name), keys["large"].get(name)
        ratio = ratio_of(large, small)
        ok = None
        if small is not None and large is not None and small.ok and large.ok:
            ok = ratio <= 1.2 and large.median < 16 and small.median < 16
        bare_kind = BARE_SWITCH if what.startswith("mode:") else BARE_FOCUS if what.startswith("board:move") else None
        baseline = cell(bare_keys.get(bare_kind), "ms") if bare_kind else "—"
        rows.append(Row(f"2 key: {name}", cell(small, "ms"), cell(large, "ms"), baseline, fmt_ratio(ratio),
                        "large ≤ 1.2× small; < 16 ms", verdict(ok)))

    # 3 ------------------------------------------------------------------------------------
    log("3 commit latency")
    commit = measures.commit_latency({"small": stores["small"], "large": stores["large"]}, config.runs, work)
    raw["commit_ms"] = {k: v.as_dict() for k, v in commit.items()}
    ok3 = None if not commit["large"].ok else commit["large"].median < 40
    rows.append(Row("3 commit one tick (fsync + rename)", cell(commit["small"], "ms", 1), cell(commit["large"], "ms", 1), "—",
                    fmt_ratio(ratio_of(commit["large"], commit["small"])), "large < 40 ms", verdict(ok3)))

    # 4 ------------------------------------------------------------------------------------
    log("4 store open + dashboard figures")
    opened, what = measures.store_open({"small": stores["small"], "large": stores["large"]}, config.runs, saved=True)
    built, built_what = measures.store_open({"small": stores["small"], "large": stores["large"]}, config.runs)
    raw["open_ms"] = {k: v.as_dict() for k, v in opened.items()}
    raw["open_built_ms"] = {k: v.as_dict() for k, v in built.items()}
    notes.append(f"store open measures: {what} (row 4); {built_what} (row 4, built)")
    ok4 = None if not opened["large"].ok else opened["large"].median < 150
    rows.append(Row("4 store open + dashboard figures", cell(opened["small"], "ms"), cell(opened["large"], "ms"), "—",
                    fmt_ratio(ratio_of(opened["large"], opened["small"])), "large < 150 ms", verdict(ok4)))
    ok4b = None if not built["large"].ok else built["large"].median < 150
    rows.append(Row("4 store open + dashboard built from every record", cell(built["small"], "ms"), cell(built["large"], "ms"),
                    "—", fmt_ratio(ratio_of(built["large"], built["small"])), "large < 150 ms", verdict(ok4b)))

    # 5 ------------------------------------------------------------------------------------
    log("5 remind --once")
    prepared, prep_notes = measures.remind_stores({"small": stores["small"], "large": stores["large"]}, work)
    notes += prep_notes
    reminded, tinydb, remind_notes = measures.remind(prepared, config.runs, work)
    notes += remind_notes
    raw["remind_ms"] = {k: v.as_dict() for k, v in reminded.items()} | {"import tinydb": tinydb.as_dict()}
    for case in ("nothing due", "nothing due, no saved schedule", "3 due"):
        small, large = reminded[f"small, {case}"], reminded[f"large, {case}"]
        ratio = ratio_of(large, tinydb)
        ok = None if math.isnan(ratio) else ratio <= 2 and large.median < 400
        rows.append(Row(f"5 remind --once, {case}", cell(small, "ms"), cell(large, "ms"), cell(tinydb, "ms"),
                        fmt_ratio(ratio), "≤ 2× import tinydb; < 400 ms", verdict(ok)))

    # 6 and 7 ------------------------------------------------------------------------------
    log(f"6 idle CPU ({config.idle_window:.0f} s window)")
    app_idle, bare_idle, app_idle_rss, bare_idle_rss = measures.idle(
        stores["large"], config.idle_window, config.idle_samples, work, visit=config.visit
    )
    raw["idle_cpu_s_per_min"] = {"large": app_idle.as_dict(), "bare": bare_idle.as_dict()}
    raw["idle_peak_rss_mb"] = {"large": app_idle_rss.as_dict(), "bare": bare_idle_rss.as_dict()}
    extra = app_idle.median - bare_idle.median if app_idle.ok and bare_idle.ok else math.nan
    rows.append(Row("6 idle CPU, CPU-s per minute", "—", cell(app_idle, "", 3).strip(), cell(bare_idle, "", 3).strip(),
                    "n/a" if math.isnan(extra) else f"{extra + 0.0:+.3f}",
                    "≤ bare + 0.1", verdict(None if math.isnan(extra) else extra <= 0.1)))
    more = peaks["large"].median - peaks["bare"].median if peaks["large"].ok and peaks["bare"].ok else math.nan
    rows.append(Row("7 peak RSS (VmHWM)", cell(peaks["small"], "MB"), cell(peaks["large"], "MB"), cell(peaks["bare"], "MB"),
                    "n/a" if math.isnan(more) else f"+{more:.0f} MB", "≤ bare + 60 MB",
                    verdict(None if math.isnan(more) else more <= 60)))

    # 8 ------------------------------------------------------------------------------------
    log(f"8 growth at {measures.sizes_label(config.growth)} action items")
    g_frames, _ = measures.first_frames({str(n): f for n, f in growth.items()}, config.growth_runs, work, memory=False)
    g_commit = measures.commit_latency({str(n): f for n, f in growth.items()}, max(config.growth_runs, 3), work)
    g_open, _ = measures.store_open({str(n): f for n, f in growth.items()}, config.growth_runs)
    raw["growth"] = {
        "first_frame_s": {k: v.as_dict() for k, v in g_frames.items()},
        "commit_ms": {k: v.as_dict() for k, v in g_commit.items()},
        "open_ms": {k: v.as_dict() for k, v in g_open.items()},
    }
    for label, samples, unit, digits in (
        ("first frame", g_frames, "s", 2),
        ("commit", g_commit, "ms", 1),
        ("store open", g_open, "ms", 0),
    ):
        for a, b in zip(config.growth, config.growth[1:]):
            sa, sb = samples[str(a)], samples[str(b)]
            factor = growth_per_10x(a, sa.median, b, sb.median) if sa.ok and sb.ok else math.nan
            rows.append(Row(f"8 growth: {label}, {a:,} → {b:,} actions", cell(sa, unit, digits), cell(sb, unit, digits), "—",
                            "n/a" if math.isnan(factor) else f"{factor:.2f}× per 10×", "≤ 10× per 10× (linear) +10%",
                            verdict(None if math.isnan(factor) else factor <= 10 * GROWTH_NOISE)))
    rows.append(Row("JSON file size", f"{sizes['small']:.2f} MB", f"{sizes['large']:.2f} MB", f"empty: {sizes['empty'] * 1000:.1f} kB",
                    "—", "", ""))
    notes.append("growth file sizes: " + ", ".join(
        f"{n:,} actions {measures.file_size_mb(f):.1f} MB" for n, f in growth.items()))
    raw["seconds"] = time.perf_counter() - started
    return rows, notes, raw


def describe(config: Config, info: dict[str, str], raw: dict[str, object]) -> list[str]:
    counts = raw.get("counts", {})
    large = ", ".join(f"{v:,} {k}" for k, v in dict(counts.get("large", {})).items())  # type: ignore[union-attr]
    small = ", ".join(f"{v:,} {k}" for k, v in dict(counts.get("small", {})).items())  # type: ignore[union-attr]
    return [
        f"Machine: {info['nproc']} CPUs, {info['cpu']}; Python {info['python']}; Textual {info['textual']}; "
        f"{info['json']}; load average at start {info['load']}.",
        f"Mode: {config.name} ({config.runs} runs per figure ({config.frame_runs or config.runs} for first frames), "
        f"median (min–max); keys: {config.key_rounds} start-up(s) "
        f"× {config.key_reps} presses per store; idle: {config.idle_window:.0f} s in {config.idle_samples} parts). "
        f"Took {float(raw.get('seconds', 0)):.0f} s.",
        f"Data: small = {small}; large = {large}.",
    ]


LEGEND = [
    "1: `python -m tui --data-dir D` in a private tmux server (120x40), `capture-pane` polled every 10 ms until "
    "the pipeline's count line (\"N sent · M open\", drawn only with the data) shows; baseline: a bare Textual "
    "app (Header, Static, Footer), same way. small column of the empty-store row = the empty store. Each store "
    "is as a session of the app leaves it at quit, with its saved dashboard (`nextround.json.dashboard`); the "
    "\"no saved dashboard\" row starts without it (the first start of a day, or after another command changed the store). "
    "The bench byte-compiles `tui/` first, as `pip install` does (this machine sets PYTHONDONTWRITEBYTECODE).",
    "2: app time = CPU time of the event-loop thread from the key to the settled screen (inside `run_test`: the "
    "key sent as Pilot's `press` sends it, every message handled and the screen redrawn, then the background "
    "write and any redraw it causes); the writer thread is not in it. The settle is watched by a 2 ms poll of "
    "Textual's queues and pending refreshes, not by Pilot's `press` + `pause`, which cost the loop 5-7 ms per "
    "key of their own (see the harness check in the notes: Pilot's settle, run untimed after each key, costs "
    "the same after the timed keys as after a key bound to nothing, so no work of the key is left out). "
    "Baselines, same harness: for the screen switches, a bare Textual app switching between two modes; for "
    "the move (the focus follows the card to the next column), a bare Textual app moving the focus between "
    "three bordered panes whose border shows focus, nothing else on screen.",
    "3: Editor.move_action on an open store (lock, fresh-check, encode, write temp file, fsync, rename, fsync folder).",
    "4: a fresh process: Store.open + the saved dashboard when it holds (what a start does), and Store.open + "
    "dashboard_data.build from every record (what a start without it does); imports not timed (figure 1 has "
    "them); the garbage collector set as `nextround` sets it before anything else (`tui.__main__.STARTUP_GC_THRESHOLDS`).",
    "5: whole process, wall time; no D-Bus and no notify-send on PATH, so the 3 reminders are printed (the "
    "fallback). Quiet hours off in these stores; 'nothing due' = every due reminder already claimed by an "
    "earlier run, which left its saved schedule (`nextround.json.remind-cache`); 'no saved schedule' = the "
    "same store without it (the first timer run after a change); '3 due' = three check-ins made due, so the "
    "store changed and the schedule does not hold.",
    "6: /proc/PID/stat utime+stime of the app on the large store (after visiting every screen once) and of "
    "the bare app, over the same window, scaled to a minute. 7: VmHWM after visiting every screen once.",
    "8: the large demo's shape scaled to N action items (N/10 applications, 3N/100 rejections, 3N/10 "
    "check-ins); growth per 10× = (b/a)^(1/log10(Nb/Na)): 1 = flat, 10 = linear; a linear cost measures "
    "10 give or take noise, so up to 11 passes as linear.",
]


DRAWING_NOTES = [
    "Stock Textual only (no private module or attribute; `git grep -nE \"textual\\._|noqa: SLF001\" tui` "
    "prints nothing): Textual's own compositor, stylesheet, scrollbars and DataTable.",
    "The four main screens are installed screens (`NextRoundApp.SCREENS`): each is built on its first "
    "visit and stays mounted; a screen key pushes, switches or pops it (`NextRoundApp.show`). Textual's "
    "modes hold every update for 50 ms on a switch (`delay_update`, to hide a screen being built); "
    "`switch_screen` does not, so a return visit reaches the terminal as soon as it is drawn.",
    "A screen that comes back restyles only if something its styles depend on changed while it was "
    "away (theme, ANSI theme, the stylesheet's sources, the app's classes): it sets the public "
    "`ScreenResume.refresh_styles` to False otherwise.",
    "The board's columns are Line API widgets (`ScrollView` + `render_line`, Textual's documented way "
    "for long lists): they draw only the cards on screen and keep drawn cards; a tick, a move or a "
    "filter refreshes only the regions that changed (`Widget.refresh(region)`); border counts are set "
    "only when they change; the focus following a card does not repaint the whole screen (the screen's "
    "`focused` reactive is redefined without repaint), and the filter box does not lay the screen out "
    "on every letter.",
    "A change on the board or in the applications list is saved after the frame that shows it "
    "(`app.change(..., after_frame=True)`): encoding "
    "the store holds Python's interpreter lock for 10-15 ms, which held that frame back. Held writes run "
    "in the order they were asked for, before anything asked for after them, and quitting flushes them.",
]


STORE_NOTES = [
    "Records are decoded by a per-class decoder generated once (it fills each frozen dataclass's "
    "`__dict__` directly, skips fields that need no conversion and reuses enum/date values decoded from "
    "the same string); `Record.from_dict_reference` keeps the plain path, and a test checks both agree "
    "on the large demo.",
    "A write changes one table's dict in place of TinyDB's two full rebuilds of it, then writes the file "
    "once (temp file, fsync, rename, folder fsync); orjson encodes and parses it when installed.",
    "Reads come from memory; the file is re-read only when its inode, size or mtime changed (another "
    "process wrote). The garbage collector is held while a load builds its objects.",
    "Start-up draws the dashboard the last session saved beside the store (`nextround.json.dashboard`, "
    "keyed by the store's length and CRC-32, valid until midnight, with today's upcoming reminders), so "
    "the first frame decodes nothing; the truth is rebuilt on the writer thread right after. When the "
    "store file is byte for byte the content that dashboard was built from (same length and CRC-32, same "
    "schema), it is not even parsed before the first frame: it was valid then, and the saved dashboard "
    "also carries its settings (the theme). The other screens' code loads after the first frame, on a "
    "background thread. A `remind --once` that raises something (claims and raised marks only) carries "
    "the saved dashboard over to the store it leaves, so the start that follows a notification is not "
    "a start without it.",
    "Every rebuild that reads the whole store (the dashboard's figures, the applications' next reminders) "
    "runs on the writer thread; the event loop only draws the result. Each table keeps a short log of the "
    "ids this process changed (`Repository.changes_since`), and a screen declares the tables it shows, so "
    "a tick on the board costs the applications list nothing.",
    "The dashboard runs the reminder rules once per rebuild for both the due list and the next reminder, "
    "and keeps each record's prompts until the record changes (`SubjectMemo`): a rebuild after a tick "
    "takes about 30 ms of the writer thread on the large store, not 70, so it competes less with drawing.",
    "`remind --once` first reads the schedule the last run saved (`nextround.json.remind-cache`): while "
    "the store is unchanged and nothing is due, it exits without loading TinyDB or the store. The open "
    "app writes that schedule too after each plan of its own, so timer runs stay on this path while "
    "you work in the app.",
]


def readme_section(config: Config, header: list[str], table: str, notes: list[str]) -> str:
    mode = "" if config is FULL else f" --{config.name}"
    lines = [
        "Rerun: `python bench/run.py` (about 17 minutes; needs tmux), `python bench/run.py --quick` "
        "(a few minutes, fewer runs: for a quick look), and add `--readme` to rewrite this section of "
        "bench/README.md with the new table. `tests/test_bench.py` runs the bench on tiny data so it "
        "keeps working.",
        "",
        f"Latest `python bench/run.py{mode}`, {time.strftime('%Y-%m-%d')}:",
        "",
        *[f"- {line}" for line in header],
        "",
        table,
        "",
        "How each figure is taken:",
        "",
        *[f"- {line}" for line in LEGEND],
    ]
    if notes:
        lines += ["", "Notes from this run:", "", *["- " + " ".join(n.split()) for n in notes]]
    lines += ["", "What keeps keys fast:", "", *[f"- {line}" for line in DRAWING_NOTES]]
    lines += ["", "What keeps the store fast:", "", *[f"- {line}" for line in STORE_NOTES]]
    return "\n".join(lines)


def update_readme(text: str) -> bool:
    if not README.exists():
        return False
    content = README.read_text(encoding="utf-8")
    if START_MARK not in content or END_MARK not in content:
        return False
    before, rest = content.split(START_MARK, 1)
    _, after = rest.split(END_MARK, 1)
    README.write_text(f"{before}{START_MARK}\n{text}\n{END_MARK}{after}", encoding="utf-8")
    return True


def compile_bytecode() -> None:
    """Byte-compile the package first, as ``pip install`` does for an installed copy.

    An editable checkout (or ``PYTHONDONTWRITEBYTECODE=1``, set on this machine) leaves stale or
    no ``.pyc`` files for edited modules, and every start would then recompile them: tens of
    milliseconds on the first frame that no installed copy pays. Textual's own files are
    compiled in site-packages already, so both sides of each ratio start the same way.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui"), str(ROOT / "bench")],
                   check=False, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a shorter run (under 2 minutes)")
    parser.add_argument("--tiny", action="store_true", help="tiny data and one run of each (for the bench's own test)")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--readme", action="store_true", help="put the table into bench/README.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (stores and copies)")
    args = parser.parse_args(argv)
    config = TINY if args.tiny else QUICK if args.quick else FULL
    if not terminal.tmux_available():
        print("bench: tmux is needed (apt-get install tmux)", file=sys.stderr)
        return 2
    compile_bytecode()
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="nextround-bench-"))
    try:
        rows, notes, raw = run(config, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"work folder kept: {work}")
    info_end = os.getloadavg()
    header = describe(config, info, raw)
    header[0] += f" Load average at the end {' '.join(f'{x:.2f}' for x in info_end)}."
    table = render(rows)
    print("\n".join(header))
    print()
    print(table)
    print()
    for note in notes:
        print(f"note: {note}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "config": config.__dict__, "raw": raw, "notes": notes,
                                         "rows": [r.__dict__ for r in rows]}, indent=1, default=str))
    if args.readme:
        section = readme_section(config, header, table, notes)
        if not update_readme(section):
            print("bench: bench/README.md has no perf markers; not updated", file=sys.stderr)
    failed = sum(1 for r in rows if r.result == "FAIL")
    log(f"done: {failed} figure(s) failed their target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
