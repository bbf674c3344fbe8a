"""Issue 16, item 2: every screen and every dialog fits and works at 80x24 and at 120x36.

After a full reflection (so every screen's CSS is loaded), each screen and each dialog is shown
in turn; no visible widget may reach past the screen, or be cut off by a parent that does not
scroll, and nothing may raise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_tour import DIALOGS, MODE_KEYS, close_dialog, leave_to_main, open_dialog, outside, unreflected_rejection
from tui.ui.screenshots import make_demo_app, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_every_screen_and_dialog_fits_after_a_full_reflection(size: tuple[int, int], tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        app.open_reflection(unreflected_rejection(app))
        await settle(pilot)
        for step in range(1, 7):  # five steps, then the summary
            problems += [f"reflection step {step}: {p}" for p in outside(app.screen)]
            await pilot.press("ctrl+n")
            await settle(pilot)
        await leave_to_main(pilot)
        for mode, key in MODE_KEYS.items():
            await pilot.press(key)
            await settle(pilot)
            problems += [f"{mode}: {p}" for p in outside(app.screen)]
        for name in DIALOGS:
            dialog = await open_dialog(pilot, name)
            problems += [f"{name}: {p}" for p in outside(dialog)]
            await close_dialog(pilot)
    # run_test re-raises any exception the app met on the way.
    assert not problems, "\n".join(problems)
