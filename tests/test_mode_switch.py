"""Switching back to a screen shows it at once: no 50 ms hold, and the whole of it.

Textual's ``switch_mode`` holds every update for 50 ms to hide a screen being built; for a
screen visited before (built and styled) that only delayed the new screen after the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from tui.ui.screenshots import make_demo_app, settle

from .tmux_app import app_on_board, needs_tmux, settled_capture


async def test_return_visits_switch_without_the_hold_first_visits_keep_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_demo_app(tmp_path)
    holds: list[str] = []
    delay_update = App.delay_update

    def counting(self: App, delay: float = 0.05) -> None:  # type: ignore[type-arg]
        holds.append(self.current_mode)
        delay_update(self, delay)

    monkeypatch.setattr(App, "delay_update", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # first visit: built now, so Textual's hold stays
        await settle(pilot)
        assert holds == ["dashboard"]
        for key, screen in (("1", "DashboardScreen"), ("3", "BoardScreen"), ("2", "ApplicationsScreen"),
                            ("3", "BoardScreen")):
            holds.clear()
            await pilot.press(key)
            assert app._batch_count == 0 and type(app.screen).__name__ == screen
            await settle(pilot)
            if screen == "ApplicationsScreen":
                assert holds == ["board"]  # its first visit
            else:
                assert holds == []


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
