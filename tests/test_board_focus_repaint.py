"""The board repaints what changed: not the whole screen when the focus moves, not the whole
column when its count changes.

Textual's ``Screen.focused`` repaints the whole screen when the focus moves; the board turns
that off (every > and < moves the focus with the card). These tests hold both halves of that:
a move draws no full-screen update, and what a real terminal shows after moves and column
changes is exactly what a full redraw shows, colours included (the ``:focus`` styles).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual._compositor import Compositor

from tui.domain.models import ActionStatus

from .test_board_screen import make_app, open_board
from .tmux_app import app_on_board, needs_tmux, settled_capture


async def test_a_move_draws_no_full_screen_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path)
    full_updates = 0
    render_full_update = Compositor.render_full_update

    def counting(self: Compositor):  # type: ignore[no-untyped-def]
        nonlocal full_updates
        full_updates += 1
        return render_full_update(self)

    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.pause()
        monkeypatch.setattr(Compositor, "render_full_update", counting)
        await pilot.press("greater_than_sign", "l", "h")
        await pilot.pause()
        assert board.focused is board.columns[ActionStatus.DOING]
        assert full_updates == 0


@needs_tmux
def test_the_terminal_after_moves_matches_a_full_redraw(tmp_path: Path) -> None:
    with app_on_board(tmp_path) as session:
        before = settled_capture(session)
        session.send(">")
        session.send("l")
        session.send("h")
        after_keys = settled_capture(session)
        assert after_keys != before  # the card moved and the focus with it
        # A resize makes Textual draw every line again: the reference picture.
        session._tmux("resize-window", "-x", str(session.width - 1))
        assert settled_capture(session) != after_keys  # the resize did redraw
        session._tmux("resize-window", "-x", str(session.width))
        redrawn = settled_capture(session)
        assert after_keys == redrawn


async def test_a_new_count_repaints_only_the_border_line(tmp_path: Path) -> None:
    """Textual's ``border_title`` setter repaints the whole column; a count change is one line."""
    from textual.geometry import Region

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.pause()
        todo = board.columns[ActionStatus.TODO]
        width, height = todo.outer_size
        todo._repaint_regions.clear()
        todo.set_border_texts("To do · 999", "a note below")
        assert todo._repaint_regions == {Region(0, 0, width, 1), Region(0, height - 1, width, 1)}
        assert (todo.border_title, todo.border_subtitle) == ("To do · 999", "a note below")
        todo._repaint_regions.clear()
        todo.set_border_texts("To do · 999", "a note below")  # unchanged: nothing to repaint
        assert not todo._repaint_regions
        await pilot.pause()
        top, bottom = todo.render_lines(Region(0, 0, width, height))[:: height - 1]
        assert "To do · 999" in top.text and "a note below" in bottom.text


async def test_card_lines_styled_from_the_cache_match_textuals(tmp_path: Path) -> None:
    """After ticks, moves, undo, scrolling and a filter, every column draws exactly what Textual's
    own line cache draws from scratch (``CardLineCache`` reuses styled lines by card line and
    look), and each scrollbar (left alone by a card count that would not change it, or kept by
    ``SteadyScrollBar`` across a restyle) draws what a scrollbar drawn from scratch does."""
    from textual._styles_cache import StylesCache
    from textual.geometry import Region

    from tui.ui.widgets.line_caches import CardLineCache, SegmentLineCache
    from tui.ui.widgets.steady_scrollbars import SteadyScrollBar

    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.pause()
        keys = ["space", "j", "j", "space", "greater_than_sign", "u", "pagedown", "space", "l", "space",
                "h", "less_than_sign", "u", "u", "l", "l", "h", "h", "l", "greater_than_sign", "h", "l",
                "slash", "m", "o", "c", "k", "enter", "space", "escape", "l", "h"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            for col in board.columns.values():
                assert isinstance(col._styles_cache, CardLineCache)
                width, height = col.outer_size
                region = Region(0, 0, width, height)
                ours = [list(strip) for strip in col.render_lines(region)]
                cache, col._styles_cache = col._styles_cache, StylesCache()
                try:
                    fresh = [list(strip) for strip in col.render_lines(region)]
                finally:
                    col._styles_cache = cache
                assert ours == fresh, f"{col.status} after {key}"
                if col.show_vertical_scrollbar:  # left alone when it would look the same: does it?
                    bar = col.vertical_scrollbar
                    assert isinstance(bar, SteadyScrollBar)
                    assert bar.window_virtual_size == col.virtual_size.height
                    bar_region = Region(0, 0, *bar.size)
                    assert isinstance(bar._styles_cache, SegmentLineCache)
                    shown = [list(strip) for strip in bar.render_lines(bar_region)]
                    # Forget its last drawing and its styled lines, and draw from scratch.
                    bar._drawn = None
                    bar_cache, bar._styles_cache = bar._styles_cache, StylesCache()
                    bar.refresh()
                    try:
                        fresh_bar = [list(strip) for strip in bar.render_lines(bar_region)]
                    finally:
                        bar._styles_cache = bar_cache
                    assert shown == fresh_bar, f"{col.status} bar after {key}"


async def test_a_scrollbar_repaint_that_changes_nothing_is_dropped(tmp_path: Path) -> None:
    """A restyle of a column sets its scrollbar colours again and asks the bar for a repaint;
    when the bar would draw what the terminal shows, no update reaches the screen (it came
    as a second frame after each move). A real change (the pointer over the bar) still does."""
    from textual import messages

    from tui.ui.widgets.steady_scrollbars import SteadyScrollBar

    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("greater_than_sign")  # a card more in Doing: its bar's numbers change
        await pilot.pause()
        await asyncio.wrap_future(app.writes_done())
        await pilot.pause()
        bar = board.columns[ActionStatus.DOING].vertical_scrollbar
        assert isinstance(bar, SteadyScrollBar) and bar._drawn is not None
        updates: list[object] = []
        post_message = board.post_message

        def recording(message):  # type: ignore[no-untyped-def]
            if isinstance(message, messages.Update) and message.widget is bar:
                updates.append(message)
            return post_message(message)

        board.post_message = recording  # type: ignore[method-assign]
        bar.refresh()
        await pilot.pause()
        assert updates == []
        bar.mouse_over = True
        await pilot.pause()
        assert updates
