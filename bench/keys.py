"""Key-to-screen latency inside the app, with Textual's Pilot: ``python -m bench.keys FOLDER``.

"App time" is the CPU time of the event-loop thread from sending the key until the screen
has settled: every message the key caused handled, the screen redrawn, then the background
write (if the key started one) and the redraw that may follow it. The writer thread's own work
(encoding, fsync) is not in it: the keystroke must not wait for it.

The key goes in as Pilot's ``press`` sends it (a ``Key`` event to the headless driver of
``run_test``), but the settle is watched by a light poll (``_until_quiet``: every 2 ms, look
at the message queues, the screen's pending layout and repaint, the workers) instead of
Pilot's ``press`` + ``pause``: those post a callback to every widget and poll the process
clock, which costs the loop 5-10 ms per key even for a key bound to nothing, and that is the
harness, not the app. After each timed key Pilot's own settle still runs (untimed), and its
cost is kept as ``residual_ms``: it stays at Pilot's floor (``noop_ms``, the same settle after a
key bound to nothing) when the light poll left nothing of the key's work behind.

The keys are found in the app's and the screens' bindings by action name, so the harness
follows the keymap; a key or screen that does not exist yet is reported, not guessed.
Prints one JSON line: {folder: {"keys": {name: [ms, ...]}, "gc_ms": {name: [ms, ...]},
"residual_ms": {name: [ms, ...]}, "noop_ms": [ms, ...], "wall_ms": {name: [ms, ...]}, "missing": [...],
"wall_last_ms": {...}, "errors": [...]}}; ``wall_ms`` and ``wall_last_ms`` are the wall times from the key
to the first and the last frame it caused (handed to the terminal: ``App._display`` with something to
show and no hold; the last may be a redraw after the background write);
``gc_ms`` is the garbage collector's share of each timed key (wall time).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UNDO_KEY = "u"
NOOP_KEY = "f19"  # bound to nothing in the app
FILTER_WORD = "mock"  # in both demo sizes' action titles ("mock live-coding", "Mock interview")
SIZE = (120, 40)

# name shown in the table -> what it measures (the README and the table use these names)
KEYS = {
    "open applications (2)": "mode:applications",
    "switch to board (3)": "mode:board",
    "tick on board (space)": "board:tick",
    "move card (>)": "board:move(1)",
    "filter board by a word (/)": "board:filter",
    "switch to dashboard (1)": "mode:dashboard",
}


def _first_key(binding_key: str) -> str:
    return binding_key.split(",")[0].strip()


def _binding_key(bindings: Any, action: str) -> str | None:
    for binding in bindings:
        if isinstance(binding, tuple):
            key, bound_action = binding[0], binding[1]
        else:
            key, bound_action = binding.key, binding.action
        if bound_action.replace('"', "'") == action:
            return _first_key(key)
    return None


def mode_key(app: Any, mode: str) -> str | None:
    """The key that shows ``mode``: Next Round's ``show`` action, or the bare app's ``switch_mode``."""
    bindings = type(app).BINDINGS
    return _binding_key(bindings, f"show('{mode}')") or _binding_key(bindings, f"switch_mode('{mode}')")


async def _writes_done(app: Any) -> None:
    """Every change the key asked for is on disk (none for the bare app)."""
    writes_done = getattr(app, "writes_done", None)
    if writes_done is not None:
        await asyncio.wrap_future(writes_done())


async def _settle(pilot: Any, app: Any) -> None:
    """Pilot's settle (untimed): every widget has handled what was sent before it."""
    await pilot.pause()
    await _writes_done(app)
    await pilot.pause()


POLL = 0.002  # seconds between looks at the app while waiting for it to settle
QUIET_LOOKS = 2  # consecutive quiet looks that count as settled


def busy(app: Any) -> str | None:
    """What the app still has to do for the current screen (None: nothing).

    Reads Textual 8's own bookkeeping: the start-up batch, the screen's pending layout,
    repaint, scroll and callbacks, every node's message queue and next-callbacks, running
    workers and animations. It only reads: a look costs the loop a few microseconds.
    """
    if app._batch_count:
        return "batch update"
    screen = app.screen
    if (screen._layout_required or screen._repaint_required or screen._scroll_required
            or screen._recompose_required or screen._dirty_widgets or screen._callbacks):
        return "screen refresh"
    if any(worker.is_running for worker in app.workers):
        return "worker"
    if app.animator._animations or app.animator._scheduled:
        return "animation"
    for node in (app, *screen.walk_children(with_self=True)):
        if not node._message_queue.empty() or node._next_callbacks:
            return "messages"
    return None


async def _until_quiet(app: Any) -> None:
    quiet = 0
    while quiet < QUIET_LOOKS:
        await asyncio.sleep(POLL)
        quiet = quiet + 1 if busy(app) is None else 0


def key_event(app: Any, key: str) -> Any:
    """The ``Key`` event Pilot's ``press`` would send for ``key`` (same name and character rules)."""
    import unicodedata

    from textual import events
    from textual.app import _character_to_key, _get_unicode_name_from_key  # type: ignore[attr-defined]
    from textual.keys import REPLACED_KEYS

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    return event


class _GcClock:
    """Wall time spent in cyclic garbage collections (any thread), to tell GC pauses apart."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started


_gc_clock: _GcClock | None = None


@dataclass
class _Recording:
    """What one measured app run records besides the app times (each run starts a new one)."""

    gc_ms: dict[str, list[float]] = field(default_factory=dict)
    residual_ms: dict[str, list[float]] = field(default_factory=dict)
    wall_ms: dict[str, list[float]] = field(default_factory=dict)
    wall_last_ms: dict[str, list[float]] = field(default_factory=dict)
    noop_key_ms: list[float] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)  # perf_counter of each frame sent out

    def without_noop(self, table: dict[str, list[float]]) -> dict[str, list[float]]:
        return {name: values for name, values in table.items() if name != NOOP}


_rec = _Recording()


def _watch_frames(app: Any) -> None:
    """Note when each frame goes out (``App._display`` with something to show, not held)."""
    display = app._display

    def noting(screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:
            _rec.frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = noting


async def _timed(pilot: Any, app: Any, *keys: str, extra_wait: float = 0.0, name: str = "") -> float:
    """Loop-thread CPU (ms) for sending ``keys`` and letting the screen settle (see the module)."""
    gc_before = _gc_clock.total if _gc_clock else 0.0
    _rec.frames.clear()
    wall_start = time.perf_counter()
    start = time.thread_time()
    for key in keys:
        app._driver.send_message(key_event(app, key))
        await _until_quiet(app)
    if extra_wait:
        await asyncio.sleep(extra_wait)
        await _until_quiet(app)
    await _writes_done(app)
    await _until_quiet(app)
    elapsed = (time.thread_time() - start) * 1000
    if name and _rec.frames:
        _rec.wall_ms.setdefault(name, []).append((_rec.frames[0] - wall_start) * 1000)
        _rec.wall_last_ms.setdefault(name, []).append((_rec.frames[-1] - wall_start) * 1000)
    if _gc_clock and name:
        _rec.gc_ms.setdefault(name, []).append((_gc_clock.total - gc_before) * 1000)
    residual_start = time.thread_time()
    await _settle(pilot, app)
    if name:
        _rec.residual_ms.setdefault(name, []).append((time.thread_time() - residual_start) * 1000)
    return elapsed


NOOP = "no-op key"


async def _noop(pilot: Any, app: Any) -> None:
    """A key bound to nothing: its app time, and Pilot's settle after it (the harness floor)."""
    _rec.noop_key_ms.append(await _timed(pilot, app, NOOP_KEY, name=NOOP))


async def _untimed(pilot: Any, app: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await _settle(pilot, app)


def _board(app: Any) -> Any:
    return app.screen if type(app.screen).__name__ == "BoardScreen" else None


def _focus_todo(app: Any) -> None:
    board = _board(app)
    columns = getattr(board, "columns", None)
    if columns:
        first = next(iter(columns.values()))
        first.focus()


async def run(folder: Path, reps: int) -> dict[str, Any]:
    from tui.ui.app import NextRoundApp
    from tui.domain.clock import SystemClock
    from tui.store import Store

    global _gc_clock, _rec
    if _gc_clock is None:
        _gc_clock = _GcClock()
    _rec = _Recording()
    store = Store.open(folder / "nextround.json")
    app = NextRoundApp(store, SystemClock(), reminders=False)
    _watch_frames(app)
    results: dict[str, list[float]] = {name: [] for name in KEYS}
    missing: set[str] = set()
    errors: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        modes = {mode: mode_key(app, mode) for mode in ("dashboard", "applications", "board")}
        for mode, key in modes.items():
            if key is None:
                missing.add(f"no key for mode {mode}")
        board_keys: dict[str, str | None] = {}
        if modes["board"]:
            await _untimed(pilot, app, modes["board"])
            board = _board(app)
            bindings = type(board).BINDINGS if board is not None else []
            for action in ("tick", "move(1)", "filter", "clear_filter"):
                board_keys[action] = _binding_key(bindings, action)
                if board_keys[action] is None:
                    missing.add(f"no board key for {action}")
        filter_delay = float(getattr(sys.modules.get(type(_board(app)).__module__), "FILTER_DELAY", 0.0) or 0.0)

        async def step(name: str, coro: Any) -> None:
            try:
                results[name].append(await coro)
            except Exception as exc:  # noqa: BLE001 - a broken key is a finding, not a crash
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                if len(errors) < 3:
                    errors.append(traceback.format_exc(limit=3))

        for _ in range(reps):
            if modes["dashboard"] and modes["applications"]:
                await _untimed(pilot, app, modes["dashboard"])
                await step("open applications (2)", _timed(pilot, app, modes["applications"], name="open applications (2)"))
            if modes["dashboard"] and modes["board"]:
                await _untimed(pilot, app, modes["dashboard"])
                await step("switch to board (3)", _timed(pilot, app, modes["board"], name="switch to board (3)"))
            if _board(app) is not None:
                # Each timed change is undone (untimed) after it, so every rep acts on a real card:
                # the small demo's To do column would otherwise run out after a few reps.
                if board_keys.get("tick"):
                    _focus_todo(app)
                    await _settle(pilot, app)  # the focus change's own redraw is not the key's
                    await step("tick on board (space)", _timed(pilot, app, board_keys["tick"], name="tick on board (space)"))
                    await _untimed(pilot, app, UNDO_KEY)
                if board_keys.get("move(1)"):
                    _focus_todo(app)
                    await _settle(pilot, app)
                    await step("move card (>)", _timed(pilot, app, board_keys["move(1)"], name="move card (>)"))
                    await _untimed(pilot, app, UNDO_KEY)
                if board_keys.get("filter"):
                    await _untimed(pilot, app, board_keys["filter"], *FILTER_WORD[:-1])
                    # From the word's last letter until the filtered board is drawn (debounce included).
                    await step(
                        "filter board by a word (/)",
                        _timed(pilot, app, FILTER_WORD[-1], extra_wait=filter_delay + 0.05 if filter_delay else 0.0,
                               name="filter board by a word (/)"),
                    )
                    await _untimed(pilot, app, board_keys.get("clear_filter") or "escape")
                    await asyncio.sleep(filter_delay + 0.05)
                    await _settle(pilot, app)
                await _noop(pilot, app)
                if modes["dashboard"]:
                    await step("switch to dashboard (1)", _timed(pilot, app, modes["dashboard"], name="switch to dashboard (1)"))
    store.close()
    rec = _rec
    return {"keys": results, "gc_ms": rec.without_noop(rec.gc_ms), "residual_ms": rec.without_noop(rec.residual_ms),
            "noop_ms": rec.residual_ms.get(NOOP, []), "wall_ms": rec.without_noop(rec.wall_ms),
            "wall_last_ms": rec.without_noop(rec.wall_last_ms), "noop_key_ms": rec.noop_key_ms,
            "missing": sorted(missing), "errors": errors}


BARE_SWITCH, BARE_FOCUS = "switch mode", "focus move"


async def run_bare(reps: int) -> dict[str, Any]:
    """The baselines, same harness: a bare Textual app switching between two modes (for the
    screen switches), and one moving the focus between three bordered panes (for a card's move,
    which takes the focus to the next column)."""
    from bench.bare_app import BareFocusApp, BareModesApp

    global _rec
    _rec = _Recording()
    times: dict[str, list[float]] = {BARE_SWITCH: [], BARE_FOCUS: []}
    for app, name, keys in ((BareModesApp(), BARE_SWITCH, ("2", "1")), (BareFocusApp(), BARE_FOCUS, ("l", "h"))):
        _watch_frames(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(reps):
                for key in keys:
                    times[name].append(await _timed(pilot, app, key, name=name))
    return {"keys": times, "wall_ms": _rec.wall_ms, "wall_last_ms": _rec.wall_last_ms, "missing": [], "errors": []}


def main(argv: list[str] | None = None) -> int:
    """One process measures every folder given (in order), and the bare baseline with ``--bare``."""
    parser = argparse.ArgumentParser(prog="bench.keys")
    parser.add_argument("folders", type=Path, nargs="*")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--bare", action="store_true", help="also measure the bare Textual baseline")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {}
    jobs: list[tuple[str, Any]] = [(str(folder), lambda f=folder: run(f, args.reps)) for folder in args.folders]
    if args.bare:
        jobs.append(("bare", lambda: run_bare(args.reps)))
    for name, job in jobs:
        try:
            out[name] = asyncio.run(job())
        except Exception as exc:  # noqa: BLE001 - report, so the table says why the row is empty
            out[name] = {"keys": {}, "missing": [], "errors": [f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=5)]}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
