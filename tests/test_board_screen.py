"""Pilot tests for the action board: every key, the form, undo, filter, archive, and big boards."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import replace
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.ui.app import NextRoundApp
from tui.ui.dialogs.action_form import ActionFormDialog
from tui.domain.models import ActionItem, ActionStatus, Priority
from tui.domain.stats import action_sort_key
from tui.ui.keymap import KEYMAP
from tui.ui.messages import DataChanged
from tui.ui.screens.board import BoardScreen
from tui.store import Store
from tui.ui.widgets.board_column import BoardColumn

from .conftest import NOW, TODAY, new_app, open_store, settle_writes

def make_app(tmp_path: Path, size: str | None = "small", extra: list[ActionItem] | None = None) -> NextRoundApp:
    """The real app (dashboard first) on the ``size`` demo store, with ``extra`` action items."""
    store = open_store(tmp_path, size)
    if extra:
        store.actions.add_many(extra)
    return new_app(store)


async def open_board(app: NextRoundApp, pilot: Pilot) -> BoardScreen:
    await pilot.press("3")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


async def settle(app: NextRoundApp, pilot: Pilot) -> None:
    """Wait until every queued write is on disk and its follow-up ran on the event loop."""
    await settle_writes(app, pilot, rounds=1)


def column(screen: BoardScreen, status: ActionStatus) -> BoardColumn:
    return screen.columns[status]


def card_text(col: BoardColumn, item_id: int) -> str:
    index = col.index_of(item_id)
    assert index is not None, f"no card {item_id} in {col.status}"
    card = col.card_at(index)
    assert isinstance(card, Content)
    return card.plain


def titles(store: Store, status: ActionStatus) -> set[str]:
    return {a.title for a in store.actions.all() if a.status is status}


# -- navigation ---------------------------------------------------------------------------------


async def test_navigation_with_letters_and_arrows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, doing, done = (column(board, s) for s in (ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE))
        assert board.focused is todo and todo.highlighted == 0
        await pilot.press("j")
        assert todo.highlighted == 1
        await pilot.press("down", "down")
        assert todo.highlighted == 3
        await pilot.press("k", "up")
        assert todo.highlighted == 1
        await pilot.press("G")
        assert todo.highlighted == todo.count - 1
        await pilot.press("g", "j")
        assert todo.highlighted == 1
        await pilot.press("l")
        assert board.focused is doing
        await pilot.press("right")
        assert board.focused is done
        await pilot.press("l")  # stays at the last column
        assert board.focused is done
        await pilot.press("h", "left")
        assert board.focused is todo
        assert todo.highlighted == 1  # each column keeps its own cursor
        # Cards are in board order: by due date, then priority.
        items = [app.store.actions.get(i) for i in todo.ids]
        dues = [i.due or date.max for i in items if i is not None]
        assert dues == sorted(dues)


# -- ticking and moving -------------------------------------------------------------------------


async def test_tick_and_untick(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, done = column(board, ActionStatus.TODO), column(board, ActionStatus.DONE)
        first, second = todo.ids[:2]
        await pilot.press("space")
        # Shown at once, before the write lands.
        assert done.has(first) and not todo.has(first)
        assert todo.current_id == second  # the cursor stays in its row, ready for the next one
        await settle(app, pilot)
        saved = app.store.actions.get(first)
        assert saved is not None and saved.status is ActionStatus.DONE
        assert saved.completed_at == NOW
        assert todo.border_title.startswith("To do · 3")

        await pilot.press("l", "l")
        assert done.select_id(first)
        await pilot.press("x")
        await settle(app, pilot)
        back = app.store.actions.get(first)
        assert back is not None and back.status is ActionStatus.TODO and back.completed_at is None
        assert todo.has(first) and not done.has(first)


async def test_move_with_greater_and_less_cursor_follows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, doing, done = (column(board, s) for s in (ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE))
        item_id = todo.current_id
        assert item_id is not None
        await pilot.press("greater_than_sign")
        assert board.focused is doing and doing.current_id == item_id
        await pilot.press("shift+right")
        assert board.focused is done and done.current_id == item_id
        await settle(app, pilot)
        moved = app.store.actions.get(item_id)
        assert moved is not None and moved.status is ActionStatus.DONE and moved.completed_at == NOW
        await pilot.press("less_than_sign")
        assert board.focused is doing and doing.current_id == item_id
        await pilot.press("shift+left")
        assert board.focused is todo and todo.current_id == item_id
        await pilot.press("less_than_sign")  # nowhere further left: nothing changes
        await settle(app, pilot)
        back = app.store.actions.get(item_id)
        assert back is not None and back.status is ActionStatus.TODO and back.completed_at is None


async def test_priority_cycles_and_card_follows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        item_id = todo.current_id
        assert item_id is not None
        before = app.store.actions.get(item_id)
        assert before is not None
        seen = [before.priority]
        for _ in range(3):
            await pilot.press("p")
            assert todo.current_id == item_id
            await settle(app, pilot)
            now = app.store.actions.get(item_id)
            assert now is not None
            seen.append(now.priority)
        assert seen[1] == seen[0].cycled() and seen[3] == seen[0]
        assert len(set(seen)) == 3


# -- the form -------------------------------------------------------------------------------------


async def type_into(pilot: Pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_add_via_form_with_relative_dates(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        await type_into(pilot, "Call Jo about the mock")
        await pilot.press("tab")
        await type_into(pilot, "+3d")
        await pilot.pause()
        hint = dialog.query_one("#due-hint", Static)
        assert "Sat 28 Nov 2026" in str(hint.render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is board
        added = [a for a in app.store.actions.all() if a.title == "Call Jo about the mock"]
        assert len(added) == 1
        assert added[0].due == TODAY + timedelta(days=3) and added[0].status is ActionStatus.TODO
        todo = column(board, ActionStatus.TODO)
        assert board.focused is todo and todo.current_id == added[0].id

        # Into the focused column: Doing, due "next friday".
        await pilot.press("l", "a")
        await pilot.pause()
        await type_into(pilot, "Read the Lumen blog")
        await pilot.press("tab")
        await type_into(pilot, "next friday")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        friday = [a for a in app.store.actions.all() if a.title == "Read the Lumen blog"]
        assert len(friday) == 1
        assert friday[0].due == date(2026, 11, 27) and friday[0].status is ActionStatus.DOING
        assert column(board, ActionStatus.DOING).current_id == friday[0].id


async def test_invalid_date_shows_inline_error_and_saves_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_board(app, pilot)
        count = app.store.actions.count()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        await pilot.press("enter")  # no title yet
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#title-error", Static).display
        await type_into(pilot, "Practise SQL")
        assert not dialog.query_one("#title-error", Static).display
        await pilot.press("tab")
        await type_into(pilot, "someday soon")
        await pilot.pause()
        hint = dialog.query_one("#due-hint", Static)
        assert hint.has_class("field-error")
        assert "can't read" in str(hint.render())
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog and app.store.actions.count() == count
        assert dialog.focused is dialog.query_one("#action-due", Input)
        # Fixing the date saves; the typed title was kept.
        dialog.query_one("#action-due", Input).value = "tomorrow"
        await pilot.pause()
        assert not hint.has_class("field-error")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.actions.count() == count + 1
        assert any(a.title == "Practise SQL" and a.due == date(2026, 11, 26) for a in app.store.actions.all())


async def test_a_due_date_already_past_is_asked_about_then_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_board(app, pilot)
        count = app.store.actions.count()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        assert "friday" in dialog.query_one("#action-due", Input).placeholder
        await type_into(pilot, "Send the portfolio link")
        await pilot.press("tab")
        await type_into(pilot, "monday")  # in a due field: the coming Monday
        await pilot.pause()
        hint = dialog.query_one("#due-hint", Static)
        assert "Mon 30 Nov 2026" in str(hint.render())
        dialog.query_one("#action-due", Input).value = "yesterday"
        await pilot.pause()
        assert "that was 1 day ago: save again to keep it" in str(hint.render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog and app.store.actions.count() == count
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.actions.count() == count + 1
        assert any(a.title == "Send the portfolio link" and a.due == date(2026, 11, 24) for a in app.store.actions.all())


async def test_escape_cancels_the_form(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        count = app.store.actions.count()
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "Never mind")
        await pilot.press("escape", "y")  # something was typed: it asks first
        await settle(app, pilot)
        assert app.screen is board and app.store.actions.count() == count


async def test_edit_changes_title_due_priority_notes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        item_id = todo.current_id
        assert item_id is not None
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        title = dialog.query_one("#action-title", Input)
        original = app.store.actions.get(item_id)
        assert original is not None and title.value == original.title
        title.value = "Write three STAR stories"
        dialog.query_one("#action-due", Input).value = "+2w"
        dialog.query_one("#action-priority").value = Priority.HIGH  # type: ignore[attr-defined]
        dialog.query_one("#action-notes").text = "one per project"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        edited = app.store.actions.get(item_id)
        assert edited is not None
        assert edited.title == "Write three STAR stories" and edited.due == date(2026, 12, 9)
        assert edited.priority is Priority.HIGH and edited.notes == "one per project"
        assert edited.origin == original.origin and edited.status is original.status
        assert todo.current_id == item_id and "Write three STAR stories" in card_text(todo, item_id)


# -- delete and undo ---------------------------------------------------------------------------------


async def test_delete_then_undo_restores(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        item_id = todo.current_id
        assert item_id is not None
        item = app.store.actions.get(item_id)
        assert item is not None
        await pilot.press("d")
        assert not todo.has(item_id)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Deleted “") and m.endswith("u to undo") for m in messages)
        await settle(app, pilot)
        assert app.store.actions.get(item_id) is None
        await pilot.press("u")
        await settle(app, pilot)
        assert app.store.actions.get(item_id) == item
        assert todo.has(item_id) and todo.current_id == item_id


async def test_undo_of_a_tick_shows_on_the_board(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, done = column(board, ActionStatus.TODO), column(board, ActionStatus.DONE)
        item_id = todo.current_id
        assert item_id is not None
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        restored = app.store.actions.get(item_id)
        assert restored is not None and restored.status is ActionStatus.TODO and restored.completed_at is None
        assert todo.has(item_id) and not done.has(item_id)


async def test_outside_change_appears_without_rebuild(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        rebuilds = board.rebuilds
        added = app.store.actions.add(ActionItem(title="Added in another window", due=TODAY))
        board.post_message(DataChanged(external=True))
        await pilot.pause()
        assert column(board, ActionStatus.TODO).has(added.id)
        assert board.rebuilds == rebuilds


async def test_failed_write_puts_the_board_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        item_id = todo.current_id
        assert item_id is not None
        app.store.actions.delete(item_id)  # gone "in another window", unseen by the board so far
        await pilot.press("p")  # shown at once, then the save fails: the record no longer exists
        await settle(app, pilot)
        await settle(app, pilot)
        assert not todo.has(item_id)
        assert any("no longer exists" in n.message for n in app._notifications)


async def test_mouse_click_selects_the_card_under_the_pointer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        doing = column(board, ActionStatus.DOING)
        await pilot.click("#column-doing", offset=(5, 4))  # border row, then card 0 (rows 1-3), card 1
        await pilot.pause()
        assert board.focused is doing and doing.highlighted == 1


# -- filter and archive ----------------------------------------------------------------------------------


async def test_filter_narrows_and_escape_restores(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        counts = [c.count for c in board.columns.values()]
        await pilot.press("slash")
        box = board.query_one("#board-filter", Input)
        assert box.display and board.focused is box
        await type_into(pilot, "northwind")
        await pilot.pause()
        shown = {app.store.actions.get(i).title for c in board.columns.values() for i in c.ids}  # type: ignore[union-attr]
        assert shown and all("window functions" in t or "STAR" in t or "mock" in t for t in shown)
        assert sum(c.count for c in board.columns.values()) == 3  # the three Northwind lessons
        await pilot.press("enter")  # back to the board, filter kept
        assert isinstance(board.focused, BoardColumn) and box.display
        await pilot.press("escape")
        await pilot.pause()
        assert [c.count for c in board.columns.values()] == counts
        assert not box.display and isinstance(board.focused, BoardColumn)


async def test_archived_toggle_shows_old_done_items(tmp_path: Path) -> None:
    old = ActionItem(
        title="Finished long ago",
        status=ActionStatus.DONE,
        created_at=NOW - timedelta(days=60),
        completed_at=NOW - timedelta(days=30),
    )
    app = make_app(tmp_path, extra=[old])
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        done = column(board, ActionStatus.DONE)
        old_id = next(a.id for a in app.store.actions.all() if a.title == "Finished long ago")
        assert not done.has(old_id)
        assert "1 archived" in str(done.border_subtitle)
        await pilot.press("z")
        assert done.has(old_id) and "archived" in card_text(done, old_id)
        await pilot.press("z")
        assert not done.has(old_id)


# -- looks ------------------------------------------------------------------------------------------


def span_styles(content: Content) -> str:
    return " ".join(str(span.style) for span in content.spans)


async def test_overdue_and_due_today_are_highlighted(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        by_title = {a.title: a for a in app.store.actions.all()}
        overdue = by_title["Write two STAR stories about stakeholder work"]  # due yesterday
        today = by_title["Send thank-you note to Orchard panel"]  # due today
        later = by_title["Update CV with the dashboard project"]
        prompt = lambda item_id: todo.card_at(todo.index_of(item_id))  # noqa: E731
        assert "$error" in span_styles(prompt(overdue.id)) and "was due yesterday" in card_text(todo, overdue.id)
        assert "$warning" in span_styles(prompt(today.id)) and "due today" in card_text(todo, today.id)
        assert "$error" not in span_styles(prompt(later.id)) and "$warning" not in span_styles(prompt(later.id))
        doing = column(board, ActionStatus.DOING)
        lesson = by_title["Practise window functions for 20 min a day"]
        assert "Lesson: Northwind Analytics" in card_text(doing, lesson.id)
        assert "high priority" in card_text(doing, lesson.id)


async def test_small_terminal_80x24_without_exceptions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("j", "space", "l", "greater_than_sign", "p", "z", "slash")
        await type_into(pilot, "cv")
        await pilot.press("escape", "a")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormDialog)
        await type_into(pilot, "Small screen")
        await pilot.press("tab")
        await type_into(pilot, "bad date")
        await pilot.press("enter", "escape", "y")  # typed in: discarding asks first
        await settle(app, pilot)
        assert app.screen is board
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is board


async def test_markup_and_escape_codes_shown_literally(tmp_path: Path) -> None:
    tricky = [
        ActionItem(title="[bold]x[/", origin="Lesson: [link=x]Acme[/link]", due=TODAY),
        ActionItem(title="\x1b[31mred?", notes="[/]", due=TODAY + timedelta(days=1)),
    ]
    app = make_app(tmp_path, extra=tricky)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        ids = {a.title: a.id for a in app.store.actions.all()}
        assert "[bold]x[/" in card_text(todo, ids["[bold]x[/"])
        assert "Lesson: [link=x]Acme[/link]" in card_text(todo, ids["[bold]x[/"])
        # Escape sequences and control characters are dropped, as on every other screen.
        red = card_text(todo, ids["\x1b[31mred?"])
        assert "red?" in red and "\x1b" not in red and "[31m" not in red
        # Through the form, the filter, the delete toast and the palette text: no crash, still literal.
        todo.select_id(ids["[bold]x[/"])
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        assert dialog.query_one("#action-title", Input).value == "[bold]x[/"
        dialog.query_one("#action-title", Input).value = "[i]still[/i] \\[literal]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.store.actions.get(ids["[bold]x[/"]).title == "[i]still[/i] \\[literal]"  # type: ignore[union-attr]
        assert "[i]still[/i] \\[literal]" in card_text(todo, ids["[bold]x[/"])
        await pilot.press("slash")
        await type_into(pilot, "[/")
        await pilot.press("escape")
        todo.select_id(ids["\x1b[31mred?"])
        await pilot.press("d")
        await settle(app, pilot)
        deleted = [n.message for n in app._notifications if n.message.startswith("Deleted")]
        assert deleted and "“red?”" in deleted[-1] and "\x1b" not in deleted[-1]


# -- palette and keymap ------------------------------------------------------------------------------


async def test_commands_cover_every_board_action(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        names = {c.title for c in board.commands()}
        for expected in ("Add action item", "Edit action item", "Delete action item", "Tick action item",
                         "Move card right", "Move card left", "Cycle priority", "Filter the board",
                         "Show archived done items"):
            assert expected in names
        todo = column(board, ActionStatus.TODO)
        item_id = todo.current_id
        tick = next(c for c in board.commands() if c.title == "Tick action item")
        tick.callback()
        await settle(app, pilot)
        assert app.store.actions.get(item_id).status is ActionStatus.DONE  # type: ignore[union-attr,arg-type]


def test_keymap_board_section_matches_bindings() -> None:
    section = dict(next(keys for name, keys in KEYMAP if name == "Board"))
    text = " ".join(section)
    for key in ("j / k", "h / l", "space / x", "> / <", "a / e / d", "p", "/", "z", "escape"):
        assert key in text, key
    bound = {b.key for b in BoardScreen.BINDINGS}  # type: ignore[union-attr]
    for key in ("space,x", "greater_than_sign,shift+right", "less_than_sign,shift+left", "a", "e", "d", "p",
                "slash", "z", "h,left", "l,right", "escape"):
        assert key in bound, key


# -- big boards ---------------------------------------------------------------------------------------


async def test_large_board_ticks_and_moves_without_rebuilding(tmp_path: Path) -> None:
    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, doing, done = (column(board, s) for s in (ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE))
        assert todo.count > 3000 and doing.count > 3000
        rebuilds = board.rebuilds
        ticked: list[int] = []
        timings: list[float] = []
        for _ in range(10):
            item_id = todo.current_id
            assert item_id is not None
            ticked.append(item_id)
            start = time.perf_counter()
            await pilot.press("space")
            await pilot.pause()
            timings.append(time.perf_counter() - start)
            assert done.has(item_id)
        baseline: list[float] = []
        for _ in range(10):
            start = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            baseline.append(time.perf_counter() - start)
        await pilot.press("greater_than_sign", "p", "less_than_sign")
        await settle(app, pilot)
        assert board.rebuilds == rebuilds
        for item_id in ticked:
            saved = app.store.actions.get(item_id)
            assert saved is not None and saved.status is ActionStatus.DONE
        # Undo goes through reload(): it re-places the one card instead of rebuilding.
        await pilot.press("u")
        await settle(app, pilot)
        assert board.rebuilds == rebuilds
        print(
            f"\nlarge board, press to settled (median of 10): space {statistics.median(timings) * 1000:.0f} ms, "
            f"j (Pilot baseline) {statistics.median(baseline) * 1000:.0f} ms"
        )


def test_card_text_is_one_line_without_control_characters() -> None:
    from tui.domain.text import flat
    from tui.ui.widgets.board_column import card_content

    assert flat("a\nb\tc\x1b[0m\x7fd\x07") == "a b cd"
    item = ActionItem(title="two\nlines\x1b]0;title\x07", origin="x\ny\x1b[2J", id=1)
    content = card_content(item, TODAY, timezone.utc)
    assert content.plain.count("\n") == 1
    assert "two lines" in content.plain and "x y" in content.plain
    assert not any(ch < " " and ch != "\n" or "\x7f" <= ch <= "\x9f" for ch in content.plain)


@pytest.mark.parametrize("status", list(ActionStatus))
def test_card_for_every_status_is_two_lines(status: ActionStatus) -> None:
    from tui.ui.widgets.board_column import card_content

    item = replace(ActionItem(title="t", id=1, due=TODAY), status=status, completed_at=NOW if status is ActionStatus.DONE else None)
    assert card_content(item, TODAY, timezone.utc, archived=True).plain.count("\n") == 1


# -- cards drawn lazily, reloads that touch only what changed ------------------------------------------


async def test_large_board_builds_only_the_cards_on_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.ui.screens.board as board_module

    built: list[int] = []
    real = board_module.card_content

    def counting(item: ActionItem, *args: object, **kwargs: object) -> Content:
        built.append(item.id)
        return real(item, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(board_module, "card_content", counting)
    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.pause()
        assert sum(c.count for c in board.columns.values()) > 6000
        # 36 rows: about 16 two-line cards per column are on screen.
        assert 0 < len(built) <= 3 * 20
        built.clear()
        await pilot.press("slash")
        await type_into(pilot, "mock")
        await pilot.press("enter")
        await pilot.pause(board_module.FILTER_DELAY + 0.1)
        await pilot.pause()
        shown = sum(c.count for c in board.columns.values())
        assert 100 < shown < 6000
        assert 0 < len(built) <= 100  # a screenful, plus cursor cards redrawn as the focus came and went
        built.clear()
        await pilot.press("G")  # the end of a long column: only that screenful is built
        await pilot.pause()
        assert 0 < len(built) <= 20


async def test_reload_after_own_write_reads_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, done = column(board, ActionStatus.TODO), column(board, ActionStatus.DONE)
        read_all: list[int] = []
        real_all = app.store.actions.all

        def counting_all() -> list[ActionItem]:
            if threading.current_thread() is threading.main_thread():  # the board (the dashboard reads on the writer)
                read_all.append(1)
            return real_all()

        monkeypatch.setattr(app.store.actions, "all", counting_all)
        item_id = todo.current_id
        assert item_id is not None
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("1", "3")  # away and back: the board reloads on resume
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen) and done.has(item_id)
        await pilot.press("u")  # undo: a reload that moves the card back
        await settle(app, pilot)
        assert todo.has(item_id) and not done.has(item_id)
        assert read_all == []  # no reload compared all 10,000 items
        # Another process (or a failed write) still makes the board look at everything.
        board.post_message(DataChanged(external=True))
        await pilot.pause()
        assert read_all == [1]


async def test_a_new_day_relabels_cards_and_archives_old_done_items(tmp_path: Path) -> None:
    extra = [
        ActionItem(title="Due on the first day", due=TODAY),
        ActionItem(title="Done 13 days ago", status=ActionStatus.DONE, completed_at=NOW - timedelta(days=13)),
    ]
    app = make_app(tmp_path, extra=extra)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo, done = column(board, ActionStatus.TODO), column(board, ActionStatus.DONE)
        ids = {a.title: a.id for a in app.store.actions.all()}
        due, finished = ids["Due on the first day"], ids["Done 13 days ago"]
        assert "due today" in card_text(todo, due)
        assert done.has(finished) and "archived" not in str(done.border_subtitle)
        app.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
        board.post_message(DataChanged(external=True))
        await pilot.pause()
        assert "was due yesterday" in card_text(todo, due)
        assert not done.has(finished) and "1 archived" in str(done.border_subtitle)
        await pilot.press("z")
        assert done.has(finished) and "archived" in card_text(done, finished)


async def test_filter_picks_cards_without_rebuilding(tmp_path: Path) -> None:
    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        rebuilds = board.rebuilds
        await pilot.press("slash")
        await type_into(pilot, "Mock interview")
        await pilot.press("enter")
        await pilot.pause()
        items = app.store.actions.all()
        for status, col in board.columns.items():
            expected = [
                a.id for a in sorted(items, key=action_sort_key)
                if a.status is status and "mock" in f"{a.title}\n{a.origin}\n{a.notes}".casefold()
                and "interview" in f"{a.title}\n{a.origin}\n{a.notes}".casefold()
                and (status is not ActionStatus.DONE or a.id not in board._archived_ids)
            ]
            assert col.ids == expected, status
        assert sum(c.count for c in board.columns.values()) > 0
        await pilot.press("escape")
        await pilot.pause()
        assert column(board, ActionStatus.TODO).count == sum(a.status is ActionStatus.TODO for a in items)
        assert board.rebuilds == rebuilds


async def test_moving_between_columns_keeps_the_footer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.ui.widgets.keys_footer import KeysFooter

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.pause()
        footer = board.query_one(KeysFooter)
        assert "space" in footer.shown_keys
        redraws: list[int] = []
        original = KeysFooter.refresh
        monkeypatch.setattr(KeysFooter, "refresh", lambda self, *a, **k: (redraws.append(1), original(self, *a, **k))[1])
        await pilot.press("l", "greater_than_sign", "h")
        await pilot.pause()
        await pilot.pause()
        assert redraws == []  # the same keys in every column: the bar is not redrawn
        await pilot.press("slash")  # the filter box has other keys: the footer follows
        await pilot.pause()
        await pilot.pause()
        assert redraws
        assert "space" not in footer.shown_keys


def test_column_keeps_order_through_random_changes() -> None:
    import random

    rng = random.Random(5)
    cards: dict[int, ActionItem] = {}
    col = BoardColumn(ActionStatus.TODO, lambda item: Content(item.title))
    visible = None
    for step in range(600):
        item_id = rng.randrange(1, 60)
        roll = rng.random()
        if roll < 0.6:
            due = TODAY + timedelta(days=rng.randrange(-3, 4)) if rng.random() < 0.8 else None
            item = ActionItem(title=f"t{item_id}-{step}", due=due, priority=rng.choice(list(Priority)), id=item_id)
            cards[item_id] = item
            col.put(item)
        elif roll < 0.85:
            cards.pop(item_id, None)
            col.discard(item_id)
        else:
            visible = rng.choice([None, lambda item: item.id % 2 == 0, lambda item: item.priority is Priority.HIGH])
            col.show_only(visible)
        expected = [a.id for a in sorted(cards.values(), key=action_sort_key) if visible is None or visible(a)]
        assert col.ids == expected
        assert all(col.index_of(i) == n for n, i in enumerate(expected))
        assert (col.highlighted is None) == (not expected)
        if col.highlighted is not None:
            assert 0 <= col.highlighted < len(expected)


async def test_long_filter_text_scrolls_in_its_box(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("slash")
        await type_into(pilot, "x" * 120)
        await pilot.pause()
        box = board.query_one("#board-filter", Input)
        assert box.value == "x" * 120
        assert box.scroll_offset.x > 0  # the end of the text, where the cursor is, is in view
        assert box.region.contains(*box.cursor_screen_offset)
        assert box.size.height == 1


async def _board_picture(folder: Path, theme_first: bool) -> str:
    """The board in the light theme: switched to after the board was drawn, or from the start."""
    from tui.ui.screenshots import make_demo_app, settle

    app = make_demo_app(folder)
    if theme_first:
        app.theme = "textual-light"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "j", "tab")  # cursor and focus moved: both change how cards look
        await settle(pilot)
        if not theme_first:
            app.theme = "textual-light"
            await pilot.press("1", "3")  # away and back: the columns keep their drawn cards
        await settle(pilot)
        return app.export_screenshot()


async def test_cards_follow_a_theme_change_and_survive_a_return_visit(tmp_path: Path) -> None:
    """Columns keep drawn cards across style passes; a new theme must still redraw every one."""
    switched = await _board_picture(tmp_path / "switched", theme_first=False)
    fresh = await _board_picture(tmp_path / "fresh", theme_first=True)
    assert "GitHub" in switched  # the SVG writes spaces as &#160;
    assert switched == fresh


def _expected_ids(board: BoardScreen, items: list[ActionItem], status: ActionStatus, words: list[str]) -> list[int]:
    def text(a: ActionItem) -> str:
        return f"{a.title}\n{a.origin}\n{a.notes}".casefold()

    return [
        a.id for a in sorted(items, key=action_sort_key)
        if a.status is status and all(w in text(a) for w in words)
        and (status is not ActionStatus.DONE or board._show_archived or a.id not in board._archived_ids)
    ]


async def test_each_letter_filters_like_a_fresh_filter_and_longer_words_test_only_shown_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing on only narrows (so only the cards shown are tested); deleting widens again; the
    archive toggle in between still counts. Every step must equal filtering all items anew."""
    import tui.ui.screens.board as board_module

    calls: list[int] = []  # the items a filter tested
    original = board_module.matcher

    def counting_matcher(*args, **kwargs):  # type: ignore[no-untyped-def]
        test = original(*args, **kwargs)
        if test is None:
            return None

        def counted(item):  # type: ignore[no-untyped-def]
            calls.append(item.id)
            return test(item)

        return counted

    monkeypatch.setattr(board_module, "matcher", counting_matcher)
    app = make_app(tmp_path, size="large")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        items = app.store.actions.all()
        await pilot.press("slash")
        steps = ["m", "o", "c", "k", "space", "i", "n", "backspace", "backspace", "backspace", "backspace", "z", "r"]
        for key in steps:
            if key == "z":
                await pilot.press("enter")  # back to the board, filter kept: z shows archived cards
                await pilot.press("z")
                await pilot.press("slash")
                continue
            shown_before = sum(c.count for c in board.columns.values()) + len(board._archived)
            calls.clear()
            await pilot.press(key)
            await pilot.pause()
            words = board._filter.casefold().split()
            for status, col in board.columns.items():
                assert col.ids == _expected_ids(board, items, status, words), (key, status)
            if key in ("o", "c", "k", "n"):  # typing on at the end of a word: only shown cards tested
                assert 0 < len(set(calls)) <= shown_before, key
        # "mock in", three deletes: "mock"; / again selects the box's text, so "r" replaces it
        # (a filter that is not narrower: every card tested again, checked above like the rest).
        assert board._filter == "r"


async def test_a_board_past_the_instant_limit_filters_once_typing_pauses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.ui.screens.board as board_module

    monkeypatch.setattr(board_module, "INSTANT_FILTER_LIMIT", 5)  # the small demo is "big" here
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO).count
        await pilot.press("slash", "s", "t", "a", "r")
        await pilot.pause()
        assert board._filter == "" and column(board, ActionStatus.TODO).count == todo  # not yet
        await pilot.pause(board_module.FILTER_DELAY + 0.1)
        await pilot.pause()
        assert board._filter == "star"
        assert column(board, ActionStatus.TODO).ids == _expected_ids(board, app.store.actions.all(), ActionStatus.TODO, ["star"])
        assert 0 < column(board, ActionStatus.TODO).count < todo


def test_the_filter_reads_a_changed_card_anew() -> None:
    """The one-word test looks the kept text up inline: a card changed since (same id, a new
    object) must be read again, not matched by its old text."""
    from tui.ui.screens.board import SearchTexts, matcher

    test = matcher(["mock"], SearchTexts())
    assert test is not None
    card = ActionItem(title="Mock interview", id=1)
    assert test(card)
    renamed = replace(card, title="Coffee chat")
    assert not test(renamed)
    assert test(replace(renamed, notes="a MOCK run first"))
    assert test(card) is True  # and the old object still reads as it was


# -- long titles and the card in full -----------------------------------------------------------

LONG_TITLE = (
    "Ask Priya Raman at Northwind whether the platform team still has the senior backend opening, "
    "who sits on the hiring panel, and if a short call before Friday would suit her"
)


def _column_lines(col: BoardColumn) -> list[str]:
    """What the column shows now, line by line (its content area, as drawn)."""
    from textual.geometry import Region

    width, height = col.size
    return [strip.text for strip in col.render_lines(Region(0, 0, width, height))]


async def test_a_long_title_wraps_over_two_lines_then_ends_in_an_ellipsis(tmp_path: Path) -> None:
    long_item = ActionItem(title=LONG_TITLE, due=TODAY - timedelta(days=30), priority=Priority.HIGH, created_at=NOW)
    app = make_app(tmp_path, extra=[long_item])
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        item_id = next(i for i, item in board._items.items() if item.title == LONG_TITLE)
        assert todo.select_id(item_id)
        await pilot.pause()
        lines = _column_lines(todo)
        first = next(n for n, line in enumerate(lines) if "Ask Priya Raman" in line)
        one, two, details = (line.strip().strip("│").strip() for line in lines[first:first + 3])
        assert one.startswith("▲ Ask Priya Raman at Northwind")
        assert two.endswith("…")  # two lines at most, then an ellipsis
        assert len(two) > 10 and LONG_TITLE.startswith(f"{one.removeprefix('▲ ')} {two.removesuffix('…')}")
        assert details.startswith("was due")  # the details line comes third


async def test_enter_on_a_card_shows_it_in_full_and_e_edits_it(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from tui.ui.dialogs.action_detail import ActionDetailDialog

    store = open_store(tmp_path, "small")
    application = store.applications.all()[0]
    item = store.actions.add(ActionItem(
        title=LONG_TITLE, due=TODAY - timedelta(days=400), priority=Priority.HIGH, origin="Follow-up: Northwind",
        notes="She mentioned the [bold]panel[/] changes in January.", application_id=application.id,
        created_at=NOW - timedelta(days=3),
    ))
    app = new_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        assert todo.select_id(item.id)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDetailDialog)
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(dialog.query_one("#action-detail-title", Static).render())
        console.print(dialog.details_table())
        shown = " ".join(console.export_text().split())
        assert " ".join(LONG_TITLE.split()) in shown  # the whole title, not two lines of it
        assert "She mentioned the [bold]panel[/] changes in January." in shown  # notes, literally
        assert application.company in shown and "Follow-up: Northwind" in shown
        assert "high" in shown and "Added" in shown and "not yet" in shown
        assert "400 days overdue" in shown  # the real count, said once
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionFormDialog)
        assert form.query_one("#action-title", Input).value == LONG_TITLE
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("enter", "escape")  # escape closes the details and changes nothing
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.store.actions.get(item.id) == item


async def test_the_card_details_fit_an_80x24_terminal(tmp_path: Path) -> None:
    from textual.geometry import Region
    from textual.widgets import Button

    from tui.ui.dialogs.action_detail import ActionDetailDialog

    notes = "\n".join(f"Point {n}: what Priya said about the panel and the timeline." for n in range(1, 15))
    app = make_app(tmp_path, extra=[ActionItem(title=LONG_TITLE, notes=notes, due=TODAY, created_at=NOW)])
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        assert todo.select_id(next(i for i, item in board._items.items() if item.title == LONG_TITLE))
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDetailDialog)
        screen_region = Region(0, 0, 80, 24)
        box = dialog.query_one("#action-detail-box")
        assert screen_region.contains_region(box.region)
        box.scroll_end(animate=False)  # long notes scroll inside the box; the buttons are reachable
        await pilot.pause()
        for button in dialog.query(Button):
            assert screen_region.contains_region(button.region), button.id
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormDialog)
