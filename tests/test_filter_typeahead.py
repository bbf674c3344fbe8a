"""Typing ``/`` and a word in one quick burst filters by the whole word on every screen."""

from __future__ import annotations

from pathlib import Path

from tui.ui.screenshots import make_demo_app


async def test_letters_typed_straight_after_slash_go_into_the_filter_box(tmp_path: Path) -> None:
    """A terminal delivers "/mock" typed quickly as one burst; keys are routed to the focused
    widget as they arrive, so ``/`` must move the focus before the next letter is routed."""
    from textual import events
    from textual.widgets import Input

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        for mode, box_id in (("3", "#board-filter"), ("2", "#apps-filter"), ("4", "#journal-filter")):
            await pilot.press(mode)
            await pilot.pause()
            await pilot.pause()
            for key, char in (("slash", "/"), ("m", "m"), ("o", "o"), ("c", "c"), ("k", "k")):
                app.post_message(events.Key(key, char))  # all queued before the first is handled
            await pilot.pause()
            await pilot.pause()
            assert app.screen.query_one(box_id, Input).value == "mock", mode
            await pilot.press("escape")
            await pilot.pause()
