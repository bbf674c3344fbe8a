"""Two app windows on one data folder (issue 17, item 1): a change made in a window that had not
reloaded yet is merged onto the other window's, or refused when both changed the same field,
and both windows end up showing what is on disk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tui.domain.models import ActionStatus
from tui.store import Store
from tui.ui.app import NextRoundApp
from tui.ui.screenshots import demo_clock, make_demo_app


async def _settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    app.writes_done().result(timeout=30)
    await pilot.pause()
    app._poll_store()  # noqa: SLF001 - what the 2-second interval runs
    app.writes_done().result(timeout=30)
    await pilot.pause()
    await pilot.pause()


@asynccontextmanager
async def two_boards(tmp_path: Path) -> AsyncIterator[tuple[Any, ...]]:
    """Two windows on one folder, both on the board: (window A, its pilot, window B, its pilot,
    the card B has selected, the same card as A holds it)."""
    window_a = make_demo_app(tmp_path)
    window_b = NextRoundApp(Store.open(tmp_path / "nextround.json"), demo_clock(), reminders=False)
    async with window_a.run_test(size=(120, 36)) as pilot_a, window_b.run_test(size=(120, 36)) as pilot_b:
        await pilot_a.press("3")
        await pilot_b.press("3")
        await pilot_a.pause()
        await pilot_b.pause()
        card = window_b.screen.current_item()
        assert card is not None
        in_a = window_a.store.actions.get(card.id)
        assert in_a is not None
        yield window_a, pilot_a, window_b, pilot_b, card, in_a


async def test_a_tick_in_window_b_keeps_the_title_window_a_saved(tmp_path: Path) -> None:
    async with two_boards(tmp_path) as (window_a, pilot_a, window_b, pilot_b, card, in_a):
        assert card.status is ActionStatus.TODO
        window_a.change(lambda editor: editor.save_action(in_a.with_changes(title="Write two STAR stories (Northwind)"), "edited"))
        await _settle(window_a, pilot_a)
        await pilot_b.press("space")  # within two seconds, before window B's poll
        await _settle(window_b, pilot_b)
        on_disk = Store.open(tmp_path / "nextround.json").actions.get(card.id)
        assert on_disk is not None
        assert (on_disk.title, on_disk.status) == ("Write two STAR stories (Northwind)", ActionStatus.DONE)
        assert window_b.screen._items[card.id].title == on_disk.title  # noqa: SLF001 - what B's board shows
        await _settle(window_a, pilot_a)
        assert window_a.screen._items[card.id].status is ActionStatus.DONE  # noqa: SLF001


async def test_the_same_field_changed_in_both_windows_is_refused_and_b_shows_a(tmp_path: Path) -> None:
    async with two_boards(tmp_path) as (window_a, pilot_a, window_b, pilot_b, card, in_a):
        window_a.change(lambda editor: editor.save_action(in_a.with_changes(title="Title from window A"), "edited"))
        await _settle(window_a, pilot_a)
        shown: list[str] = []
        window_b.notify = lambda message, **_: shown.append(str(message))  # type: ignore[method-assign]
        window_b.change(lambda editor: editor.save_action(card.with_changes(title="Title from window B"), "edited"))
        await _settle(window_b, pilot_b)
        assert any("changed in another window" in m and "reloaded" in m for m in shown), shown
        assert Store.open(tmp_path / "nextround.json").actions.get(card.id).title == "Title from window A"  # type: ignore[union-attr]
        assert window_b.screen._items[card.id].title == "Title from window A"  # noqa: SLF001
