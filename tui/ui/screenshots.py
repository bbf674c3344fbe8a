"""Regenerate ``screenshots/*.svg`` from the demo data with a frozen clock: ``python -m tui.ui.screenshots``.

The snapshot tests use the same scenes, so what the README shows is what the tests check.
"""

from __future__ import annotations

from typing import Any

import asyncio
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dateutil import tz

from ..domain.clock import FrozenClock
from ..services.demo import fill_demo_store
from ..store import Store

FROZEN_AT = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)
ZONE_NAME = "Europe/Berlin"
SIZE = (120, 36)


@dataclass(frozen=True)
class Scene:
    name: str
    keys: tuple[str, ...]
    title: str


_REJECT_ORCHARD = ("2", "down", "down", "r", "enter")  # Orchard Robotics, final round: reflect now

SCENES: tuple[Scene, ...] = (
    Scene("dashboard", (), "Dashboard"),
    Scene("applications", ("2",), "Applications"),
    Scene("board", ("3",), "Action board"),
    Scene("journal", ("4",), "Journal"),
    *(
        Scene(f"reflection-step{n}", _REJECT_ORCHARD + ("ctrl+n",) * (n - 1), f"Reflection, step {n} of 5")
        for n in range(1, 6)
    ),
    Scene("checkin", ("down", "down", "down", "down", "enter"), "Check-in"),
    Scene("help", ("question_mark",), "Keys"),
)
SMALL_SIZE = (80, 24)  # many terminals and tmux panes: every scene is also checked at this size

# Every dialog, for the snapshot tests (at both sizes; not written to screenshots/).
DIALOG_SCENES: tuple[Scene, ...] = (
    Scene("add-application", ("2", "a"), "Add an application"),
    Scene("edit-application", ("2", "e"), "Edit application"),
    Scene("discard-question", ("2", "a", "F", "j", "o", "r", "d", "escape"), "Discard this new application?"),
    Scene("mark-rejected", ("2", "r"), "Mark as rejected"),
    Scene("timeline", ("2", "enter"), "Timeline"),
    Scene("action-new", ("3", "a"), "New action item"),
    Scene("action-edit", ("3", "e"), "Edit action item"),
    Scene("reminder", ("enter",), "A reminder"),
    Scene("follow-up", ("down", "down", "enter"), "A follow-up with the note to send"),
    Scene("action-detail", ("3", "enter"), "An action item in full"),
    Scene("snooze", ("s",), "Snooze until"),
    Scene("dashboard-actions", ("tab",), "Actions that need you, focused"),
)


def demo_clock() -> FrozenClock:
    return FrozenClock(FROZEN_AT, tz.gettz(ZONE_NAME))


def make_demo_app(folder: Path):  # type: ignore[no-untyped-def]
    """The app on a fresh small demo store in ``folder``, with the frozen clock and no reminders loop."""
    from .app import NextRoundApp

    clock = demo_clock()
    store = Store.open(folder / "nextround.json")
    fill_demo_store(store, clock.now(), clock.tz)
    return NextRoundApp(store, clock, reminders=False)


async def settle(pilot: Any) -> None:
    """Until the background work the keys started (saves, the dashboard's and the list's
    reads on the writer thread) is done and drawn: the same picture on every run."""
    app = pilot.app
    for _ in range(3):
        await asyncio.wrap_future(app.writes_done())
        await pilot.pause()


async def play(pilot: Any, scene: Scene) -> None:
    """Press the scene's keys, letting each settle (the snapshot tests run this too)."""
    await settle(pilot)
    for key in scene.keys:
        await pilot.press(key)
        await settle(pilot)


async def _capture(scene: Scene, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        app = make_demo_app(Path(folder))
        async with app.run_test(size=SIZE) as pilot:
            await play(pilot, scene)
            await pilot.pause(0.2)
            target = out_dir / f"{scene.name}.svg"
            app.save_screenshot(target.name, str(out_dir))
            return target


def main(argv: list[str] | None = None) -> int:
    out_dir = Path(argv[0] if argv else "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    for scene in SCENES:
        print(asyncio.run(_capture(scene, out_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
