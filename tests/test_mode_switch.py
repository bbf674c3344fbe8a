"""Switching screens shows the new one at once: no 50 ms hold, the whole of it, kept mounted.

Textual's ``switch_mode`` holds every update for 50 ms to hide a screen being built; the main
screens are installed screens shown with ``switch_screen`` instead (see ``NextRoundApp.show``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from tui.ui.screenshots import make_demo_app, settle

from .tmux_app import app_on_board, needs_tmux, settled_capture


async def test_screens_switch_without_a_hold_and_stay_mounted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's modes hold every update for 50 ms (``delay_update``) on each switch; the main
    screens are installed instead, so a switch holds nothing and a screen left stays mounted."""
    app = make_demo_app(tmp_path)
    holds: list[str] = []
    delay_update = App.delay_update

    def counting(self: App, delay: float = 0.05) -> None:  # type: ignore[type-arg]
        holds.append(type(self.screen).__name__)
        delay_update(self, delay)

    monkeypatch.setattr(App, "delay_update", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen: dict[str, object] = {}
        for key, screen in (("3", "BoardScreen"), ("1", "DashboardScreen"), ("2", "ApplicationsScreen"),
                            ("3", "BoardScreen"), ("4", "JournalScreen"), ("2", "ApplicationsScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen
            assert seen.setdefault(screen, app.screen) is app.screen  # the same screen, kept
        assert holds == []
        assert all(s.is_mounted for s in seen.values())


async def test_mode_keys_wait_while_a_reflection_is_open(tmp_path: Path) -> None:
    """A reflection opens on top of a main screen: a screen key there leaves it open (esc leaves it)."""
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reflection = app.screen
        assert type(reflection).__name__ == "ReflectionScreen"
        app.show("board")
        await settle(pilot)
        assert app.screen is reflection and app.current_place == "journal"


async def test_return_visits_and_a_resize_look_as_in_a_fresh_app(tmp_path: Path) -> None:
    async def visit(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    app = make_demo_app(tmp_path / "resized")
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        await visit(pilot, "2", "3", "1", "2")
        await pilot.resize_terminal(80, 22)
        await settle(pilot)
        await visit(pilot, "3", "2")
        resized = app.export_screenshot()
    fresh = make_demo_app(tmp_path / "fresh")
    async with fresh.run_test(size=(80, 22)) as pilot:
        await settle(pilot)
        await visit(pilot, "2", "3", "1", "2", "3", "2")
        assert fresh.export_screenshot() == resized


@needs_tmux
def test_a_return_visit_draws_the_whole_screen(tmp_path: Path) -> None:
    with app_on_board(tmp_path) as session:
        board = settled_capture(session)
        session.send("1")
        assert session.wait_for("Pipeline", 10) is not None, session.capture()
        dashboard = settled_capture(session)
        session.send("3")
        assert session.wait_for("Doing", 10) is not None, session.capture()
        assert settled_capture(session) == board
        session.send("1")
        assert session.wait_for("Pipeline", 10) is not None, session.capture()
        assert settled_capture(session) == dashboard
