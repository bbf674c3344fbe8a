"""Shared test set-up: one clock, one store, one app, and the waits Pilot tests need.

The screen tests (board, applications, reflection, journal, app reminders) all start from the
same Wednesday afternoon in Berlin and a store in the test's own folder; they get it here as
fixtures (``clock``, ``store``, ``demo_store``, ``make_app``) or, where a test builds several
stores, through the functions the fixtures use (``open_store``, ``new_app``).
The notification bus fixtures live in tests/conftest_notify.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from dateutil import tz

from tui.domain.clock import FrozenClock
from tui.services.demo import fill_demo_store
from tui.store import Store
from tui.ui.app import NextRoundApp

pytest_plugins = ["tests.conftest_notify"]

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)  # a Wednesday; 15:00 in Berlin
TODAY = date(2026, 11, 25)
BERLIN = tz.gettz("Europe/Berlin")


def frozen_clock(now: datetime = NOW) -> FrozenClock:
    return FrozenClock(now, BERLIN)


def open_store(folder: Path, demo: str | None = None, clock: FrozenClock | None = None) -> Store:
    """The store in ``folder``, filled with the ``demo`` data set ("small", "large"...) if asked."""
    store = Store.open(folder / "nextround.json")
    if demo:
        clock = clock or frozen_clock()
        fill_demo_store(store, clock.now(), clock.tz, demo)
    return store


def new_app(store: Store, clock: FrozenClock | None = None, **options: Any) -> NextRoundApp:
    """The real app (real dashboard first) on ``store``; reminders off unless asked for."""
    options.setdefault("reminders", False)
    return NextRoundApp(store, clock or frozen_clock(), **options)


async def settle_writes(app: NextRoundApp, pilot: Any, rounds: int = 2) -> None:
    """Wait, without blocking the event loop, until every queued write is on disk and its
    follow-up (``on_done``, the redraw) has run; ``rounds`` times, as a follow-up may write."""
    for _ in range(rounds):
        await pilot.pause()
        await asyncio.wrap_future(app.writes_done())
        await pilot.pause()


async def until(pilot: Any, condition: Callable[[], object], what: str = "the screen") -> None:
    """Pause until ``condition()`` holds (about 4 s at most)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def highlight_due(pilot: Any, matches: Callable[[Any], bool], what: str = "a due item") -> Any:
    """Wait for a Due now item that ``matches`` on the dashboard, highlight it, and return it."""
    screen = pilot.app.screen
    await until(pilot, lambda: any(matches(item) for item in screen.due_items), what)
    index = next(i for i, item in enumerate(screen.due_items) if matches(item))
    screen.query_one("#due-list").highlighted = index
    await pilot.pause()
    return screen.due_items[index]


@pytest.fixture
def clock() -> FrozenClock:
    return frozen_clock()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in the test's folder."""
    return open_store(tmp_path)


@pytest.fixture
def demo_store(store: Store, clock: FrozenClock) -> Store:
    """The small demo data set (applications, rejections, reflections, a board)."""
    fill_demo_store(store, clock.now(), clock.tz)
    return store


@pytest.fixture
def make_app(clock: FrozenClock) -> Callable[..., NextRoundApp]:
    """``make_app(store, **options)``: the real app on ``store`` at the test's clock."""

    def make(store: Store, **options: Any) -> NextRoundApp:
        return new_app(store, options.pop("clock", clock), **options)

    return make
