"""Each figure of the bench as a function: builds what it needs, runs alternately, returns samples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import data, terminal
from bench.stats import Sample, alternate

ROOT = Path(__file__).resolve().parent.parent
MODE_KEYS = ("2", "3", "4", "1")  # visit every screen once, end on the dashboard


def _python(*args: str, timeout: float = 300) -> dict[str, object]:
    """Run ``python -m bench.<module> ...`` from the repo root; its last stdout line is JSON."""
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=terminal.quiet_env(), timeout=timeout
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


# -- 1 and 7: first frame and peak memory --------------------------------------------------------


def first_frames(
    kinds: dict[str, Path | None], runs: int, work: Path, timeout: float = 60.0, memory: bool = True,
    visit: bool = True,
) -> tuple[dict[str, Sample], dict[str, Sample]]:
    """First frame (s) of each kind (None = the bare app), alternating; and VmHWM (MB) per kind.

    Every app run gets a fresh copy of its store (the app may write: reminders, claims). After
    the first frame, app runs visit every screen once before memory is read, so the peak covers
    what a person touches in a session.
    """
    frames = {name: Sample() for name in kinds}
    peaks = {name: Sample() for name in kinds}

    def measure(name: str, folder: Path | None) -> float | None:
        if folder is None:
            command, marker = terminal.bare_command(), terminal.bare_marker()
        else:
            copy = data.copy(folder, work / f"ff-{name}")
            command, marker = terminal.app_command(copy), terminal.APP_MARKER
        session = terminal.Session(command)
        try:
            session.start()
            seconds = session.wait_for(marker, timeout)
            pid = session.pid()
            if seconds is not None and memory and pid:
                if folder is not None and visit:
                    terminal.visit_modes(session, MODE_KEYS, marker)
                time.sleep(0.3)
                peaks[name].add(terminal.peak_rss_mb(pid))
            if seconds is None:
                frames[name].note = f"no first frame within {timeout:.0f} s"
            return seconds
        finally:
            session.kill()

    samples = alternate(runs, [lambda n=name, f=folder: measure(n, f) for name, folder in kinds.items()])
    for name, sample in zip(kinds, samples, strict=True):
        sample.note = frames[name].note
        frames[name] = sample
    return frames, peaks


# -- 2: keys ---------------------------------------------------------------------------------------


def key_latency(
    folders: dict[str, Path], rounds: int, reps: int, work: Path
) -> tuple[dict[str, dict[str, Sample]], dict[str, Sample], list[str], dict[str, dict[str, Sample]], dict[str, dict[str, Sample]]]:
    """Per store size, per key: loop-thread CPU ms; the bare baselines (``bench.keys.BARE_SWITCH``
    and ``BARE_FOCUS``); the GC's share per key;
    and the harness check per size (``bench.keys``): Pilot's settle after each key
    ("residual: KEY") and after a key bound to nothing ("floor"), and that key's own app time ("no-op");
    the wall time from each key to its first frame ("wall: KEY"; "bare" for the bare apps' keys).

    One child process per round measures every size in turn (the order flips each round) and
    then the bare app, each on a fresh copy of its store.
    """
    results: dict[str, dict[str, Sample]] = {name: {} for name in folders}
    collected: dict[str, dict[str, Sample]] = {name: {} for name in folders}
    harness: dict[str, dict[str, Sample]] = {name: {} for name in folders}
    bare: dict[str, Sample] = {}
    notes: list[str] = []
    for round_ in range(rounds):
        names = list(folders) if round_ % 2 == 0 else list(reversed(folders))
        copies = {name: data.copy(folders[name], work / f"keys-{name}") for name in names}
        try:
            result = _python("-m", "bench.keys", *map(str, copies.values()), "--bare", "--reps", str(reps), timeout=1800)
        except Exception as exc:  # noqa: BLE001
            notes.append(f"keys: {exc}")
            continue
        for name, copy in copies.items():
            found = dict(result.get(str(copy), {}))
            for key, values in dict(found.get("keys", {})).items():
                sample = results[name].setdefault(key, Sample())
                for value in values:
                    sample.add(value)
            for key, values in dict(found.get("gc_ms", {})).items():
                sample = collected[name].setdefault(key, Sample())
                for value in values:
                    sample.add(value)
            checks = {f"residual: {k}": v for k, v in dict(found.get("residual_ms", {})).items()}
            checks.update({f"wall: {k}": v for k, v in dict(found.get("wall_ms", {})).items()})
            checks["floor"] = found.get("noop_ms", [])
            checks["no-op"] = found.get("noop_key_ms", [])
            for key, values in checks.items():
                sample = harness[name].setdefault(key, Sample())
                for value in values:
                    sample.add(value)
            notes.extend(f"keys on {name}: {m}" for m in found.get("missing", []))
            notes.extend(f"keys on {name}: {e}" for e in list(found.get("errors", []))[:2])
        found_bare = dict(result.get("bare", {}))
        for key, values in dict(found_bare.get("keys", {})).items():
            sample = bare.setdefault(key, Sample())
            for value in values:
                sample.add(value)
        for key, values in dict(found_bare.get("wall_ms", {})).items():
            sample = harness.setdefault("bare", {}).setdefault(f"wall: {key}", Sample())
            for value in values:
                sample.add(value)
        notes.extend(f"keys, bare app: {e}" for e in list(found_bare.get("errors", []))[:2])
    return results, bare, sorted(set(notes)), collected, harness


# -- 3: commit -------------------------------------------------------------------------------------


def commit_latency(folders: dict[str, Path], runs: int, work: Path) -> dict[str, Sample]:
    copies = [data.copy(folder, work / f"commit-{name}") for name, folder in folders.items()]
    result = _python("-m", "bench.probes", "commit", *map(str, copies), "--runs", str(runs))
    out = {}
    for name, values in zip(folders, result["ms"], strict=True):  # type: ignore[arg-type]
        sample = Sample()
        for value in values:
            sample.add(value)
        out[name] = sample
    return out


# -- 4: store open ---------------------------------------------------------------------------------


def store_open(folders: dict[str, Path], runs: int, saved: bool = False) -> tuple[dict[str, Sample], str]:
    whats: set[str] = set()
    errors: set[str] = set()

    def measure(folder: Path) -> float | None:
        result = _python("-m", "bench.probes", "open", str(folder), *(["--saved"] if saved else []))
        whats.add(str(result["what"]))
        if result.get("error"):
            errors.add(str(result["error"]))
        return float(result["ms"])  # type: ignore[arg-type]

    samples = alternate(runs, [lambda f=folder: measure(f) for folder in folders.values()])
    note = "; ".join(sorted(whats))
    if errors:
        note += f" (dashboard_data.build failed: {'; '.join(sorted(errors))[:200]})"
    return dict(zip(folders, samples, strict=True)), note


# -- 5: remind -------------------------------------------------------------------------------------


def remind(folders: dict[str, Path], runs: int, work: Path) -> tuple[dict[str, Sample], Sample, list[str]]:
    """``remind --once``: per prepared store (a fresh copy each run), vs ``python -c "import tinydb"``.

    No desktop bus and a PATH without notify-send/dbus-send: the notification path returns at
    once and the reminders are printed (the fallback). The 3-due stores must print 3 reminders.
    """
    empty_path = Path(tempfile.mkdtemp(prefix="nopath-", dir=work))
    env = terminal.quiet_env()
    env["PATH"] = str(empty_path)
    notes: list[str] = []

    def timed(command: list[str]) -> tuple[float, str]:
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=work)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()[-300:]}")
        return elapsed * 1000, result.stdout

    def run_remind(name: str, folder: Path) -> float | None:
        copy = data.copy(folder, work / f"remind-{name}")
        ms, out = timed([sys.executable, "-m", "tui", "remind", "--once", "--data-dir", str(copy)])
        raised = out.count("Reminder:") + out.count("While you were away")
        expected = 3 if name.endswith("3 due") else 0
        if raised != expected:
            notes.append(f"{name}: printed {raised} reminders, expected {expected}")
        return ms

    def run_baseline() -> float | None:
        return timed([sys.executable, "-c", "import tinydb"])[0]

    measures = [run_baseline] + [lambda n=name, f=folder: run_remind(n, f) for name, folder in folders.items()]
    samples = alternate(runs, measures)
    return dict(zip(folders, samples[1:], strict=True)), samples[0], sorted(set(notes))


# -- 6: idle ---------------------------------------------------------------------------------------


def idle(
    folder: Path, window: float, samples: int, work: Path, visit: bool = True
) -> tuple[Sample, Sample, Sample, Sample]:
    """Idle CPU-s per minute (app on ``folder`` vs bare, same windows) and their VmHWM at the end."""
    copy = data.copy(folder, work / "idle")
    results = terminal.idle_cpu(
        [
            (terminal.app_command(copy), terminal.APP_MARKER, MODE_KEYS if visit else ()),
            (terminal.bare_command(), terminal.bare_marker(), ()),
        ],
        window=window,
        samples=samples,
        settle=3.0 if visit else 0.5,
    )
    (app_rates, app_peak), (bare_rates, bare_peak) = results
    app, bare, app_rss, bare_rss = Sample(), Sample(), Sample(), Sample()
    for value in app_rates:
        app.add(value)
    for value in bare_rates:
        bare.add(value)
    app_rss.add(app_peak)
    bare_rss.add(bare_peak)
    return app, bare, app_rss, bare_rss


def file_size_mb(folder: Path) -> float:
    return os.path.getsize(data.store_file(folder)) / 1e6


def remind_stores(sources: dict[str, Path], work: Path) -> tuple[dict[str, Path], list[str]]:
    """For each source store: a nothing-due copy and a 3-due copy (built just before measuring)."""
    out: dict[str, Path] = {}
    notes: list[str] = []
    for name, folder in sources.items():
        quiet, note = data.prepare_nothing_due(folder, work / f"{name}-nothing-due")
        if note:
            notes.append(f"{name} nothing-due store: {note}")
        due = data.copy(quiet, work / f"{name}-3-due")
        data.add_due_checkins(due, 3)  # changes the store: its saved schedule no longer holds
        out[f"{name}, nothing due"] = quiet
        out[f"{name}, nothing due, no saved schedule"] = data.without_remind_cache(quiet, work / f"{name}-nothing-due-cold")
        out[f"{name}, 3 due"] = due
    return out, notes


def sizes_label(sizes: Sequence[int]) -> str:
    return ", ".join(f"{s:,}" for s in sizes)
