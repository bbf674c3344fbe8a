"""Scrollbars are drawn again when what they show changes, not on every layout pass.

The demo store at 80x10 gives the due list, the applications list and the board's To do column
something to scroll.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.scrollbar import ScrollBar

from tui.ui.screenshots import make_demo_app, settle

SMALL = (80, 10)
SCROLLING = {"1": "#due-list", "2": "#apps-table", "3": "BoardColumn"}


async def _visit(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _scrolling_widget(app, pilot, key: str):  # type: ignore[no-untyped-def]
    """The screen ``key`` opens, settled, and its widget with something to scroll."""
    await settle(pilot)
    await _visit(pilot, key)
    widget = next((w for w in app.screen.query(SCROLLING[key]) if w.show_vertical_scrollbar), None)
    assert widget is not None, "nothing to scroll at this size"
    return widget


@pytest.mark.parametrize("key", sorted(SCROLLING))
async def test_a_layout_pass_that_changes_nothing_leaves_the_scrollbars_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """Textual's ScrollView updated and redrew its scrollbars on every layout pass (each mode
    switch runs one), because it compares its content's virtual size with its region's."""
    refreshed: list[ScrollBar] = []
    original = ScrollBar.refresh

    def recording(bar: ScrollBar, *args, **kwargs):  # type: ignore[no-untyped-def]
        refreshed.append(bar)
        return original(bar, *args, **kwargs)

    app = make_demo_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        widget = await _scrolling_widget(app, pilot, key)
        bar = widget.vertical_scrollbar
        monkeypatch.setattr(ScrollBar, "refresh", recording)
        app.screen._refresh_layout(app.size)  # noqa: SLF001 - the pass a mode switch runs
        await pilot.pause()
        assert bar not in refreshed
        await pilot.resize_terminal(SMALL[0], SMALL[1] + 4)
        await settle(pilot)
        assert bar in refreshed  # a real change still reaches it


async def test_return_visits_and_a_resize_look_as_in_a_fresh_app(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path / "resized")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _visit(pilot, "2", "3", "1", "2")
        await pilot.resize_terminal(80, 22)
        await settle(pilot)
        await _visit(pilot, "3", "2")
        resized = app.export_screenshot()
    fresh = make_demo_app(tmp_path / "fresh")
    async with fresh.run_test(size=(80, 22)) as pilot:
        await settle(pilot)
        await _visit(pilot, "2", "3", "1", "2", "3", "2")
        assert fresh.export_screenshot() == resized


@pytest.mark.parametrize("key", sorted(SCROLLING))
async def test_each_long_lists_scrollbar_draws_as_one_drawn_from_scratch(tmp_path: Path, key: str) -> None:
    """The due list, the applications list and the board columns all get ``SteadyScrollBar``s:
    after scrolling and a return visit, what a bar keeps is what Textual draws anew."""
    from textual._styles_cache import StylesCache
    from textual.geometry import Region

    from tui.ui.widgets.steady_scrollbars import SteadyScrollBar

    app = make_demo_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        widget = await _scrolling_widget(app, pilot, key)
        widget.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        await _visit(pilot, "1" if key != "1" else "2", key)  # away and back: a full redraw
        bar = widget.vertical_scrollbar
        assert isinstance(bar, SteadyScrollBar)
        region = Region(0, 0, *bar.size)
        kept = [list(strip) for strip in bar.render_lines(region)]
        bar._drawn, bar._styles_cache = None, StylesCache()  # forget everything: draw from scratch
        bar.refresh()
        assert kept == [list(strip) for strip in bar.render_lines(region)]
        assert bar.position > 0  # it did scroll, so the thumb moved from where it started
