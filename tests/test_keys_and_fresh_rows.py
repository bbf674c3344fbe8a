"""Issue 16, items 5 and 6 on the Applications screen: the keys every list shares, and a row
that shows its new next reminder as soon as its stage changes."""

from __future__ import annotations


from tests.test_applications_screen import (
    companies,
    make_app,
    open_list,
    rows,
    select,
    settle,
    table_of,
)
from tui.domain.clock import FrozenClock
from tui.domain.models import Stage
from tui.store import Store

REMINDER = 5  # the "Next reminder" column


async def test_a_stage_change_shows_the_new_next_reminder_at_once(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        due_now = [row[0] for row in rows(screen) if row[REMINDER] == "due now" and row[2] == "Applied"]
        assert due_now, "the demo has applications whose follow-up is due"
        target = await select(pilot, screen, due_now[0])
        row = table_of(screen).cursor_row
        await pilot.press("i")  # invited to interview: the follow-up waits for the new stage
        await settle(pilot)
        assert demo_store.applications.get(target.id).stage is Stage.INTERVIEW  # type: ignore[union-attr]
        at_once = rows(screen)[row][REMINDER]
        assert at_once != "due now"
        # What a fresh visit shows (the screen re-reads everything when it comes back).
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert rows(screen)[row][REMINDER] == at_once


async def test_g_and_G_go_to_the_first_and_last_row_and_n_marks_ghosted(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        table = table_of(screen)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        first = screen.current()
        assert first is not None and first.stage is not Stage.GHOSTED
        await pilot.press("n")
        await settle(pilot)
        assert demo_store.applications.get(first.id).stage is Stage.GHOSTED  # type: ignore[union-attr]


async def test_ctrl_s_is_not_sort_and_S_sorts(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        before = companies(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert companies(screen) == before
        await pilot.press("S", "S")  # next reminder, then company A to Z
        await pilot.pause()
        assert companies(screen) == sorted(before, key=str.casefold)
