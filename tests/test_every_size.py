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


async def test_80x24_keeps_what_each_screen_needs_in_view(tmp_path: Path) -> None:
    """The defects first seen at 80x24: Reminders off screen, the footer cutting off u, ? and q,
    the reflection's heading gone, journal rows without the company, Save out of reach."""
    from textual.widgets import DataTable

    from tui.ui.widgets.keys_footer import KeysFooter

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen_area = app.screen.region
        assert screen_area.contains_region(app.screen.query_one("#dash-reminders").region)
        for key in ("1", "2", "4"):
            await pilot.press(key)
            await settle(pilot)
            shown = app.screen.query_one(KeysFooter).shown_keys
            assert {"u", "?", "q"} <= set(shown), (key, shown)
        await pilot.press("3")
        await settle(pilot)
        assert "?" in app.screen.query_one(KeysFooter).shown_keys  # the help always shows
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#journal-table", DataTable)
        companies = {a.company for a in app.store.applications.all()}
        for row in range(table.row_count):
            title = next(cell.plain for cell in table.get_row_at(row) if " · " in cell.plain)
            assert any(title.startswith(company) for company in companies), title
        app.open_reflection(unreflected_rejection(app))
        await settle(pilot)
        heading = app.screen.query_one("#reflection-heading")
        assert heading.display and screen_area.contains_region(heading.region)
        assert "Reflecting on" in str(heading.render())
        await leave_to_main(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        save = app.screen.query_one("#form-save")
        for _ in range(20):
            if app.focused is save:
                break
            await pilot.press("tab")
        await pilot.pause()
        assert app.focused is save and screen_area.contains_region(save.region)
