"""The key bar: the screen's keys on one line, the palette key always shown, clicking presses."""

from __future__ import annotations

from pathlib import Path

from tui.ui.screenshots import make_demo_app
from tui.ui.widgets.keys_footer import KeysFooter


async def test_the_bar_shows_the_screens_keys_and_a_click_presses_one(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        assert footer.shown_keys[:2] == ["s", "x"]  # the dashboard's own keys first
        assert {"1", "2", "3", "4", "?", "q"} <= set(footer.shown_keys)
        start = next(start for start, _, key in footer._spans if key.display == "2")  # noqa: SLF001
        await pilot.click(KeysFooter, offset=(start + 1, 0))
        await pilot.pause()
        await pilot.pause()
        assert app.current_place == "applications"


async def test_on_a_narrow_terminal_the_palette_key_still_shows(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        line = footer.render().plain
        assert len(line) == 60
        assert line.rstrip().endswith("palette") and "…" in line
