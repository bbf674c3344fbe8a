"""The board saves a change after the frame that shows it, in order with every other change.

``app.change(..., after_frame=True)`` holds the write until the next frame is drawn (encoding a
large store holds Python's interpreter lock, which held back that frame). Held writes must still
run in the order they were asked for, before anything asked for after them, and must not be lost
by quitting straight after the key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot

from tui.ui.app import NextRoundApp

from tui.domain.models import ActionStatus
from tui.ui.screens.board import BoardScreen
from tui.store import Store

from .test_board_screen import column, make_app, open_board, settle


@asynccontextmanager
async def board_ready(app: NextRoundApp) -> AsyncIterator[tuple[Pilot, BoardScreen]]:
    """The app on its board, with nothing left to save."""
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await settle(app, pilot)
        yield pilot, board


async def test_a_tick_is_saved_after_its_frame(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with board_ready(app) as (pilot, board):
        todo = column(board, ActionStatus.TODO)
        first = todo.current_id
        board.action_tick()  # as the key would, without letting the loop run
        assert len(app._held_jobs) == 1  # held for the frame
        assert app.store.actions.get(first).status is ActionStatus.TODO
        await pilot.pause()  # the frame is drawn, then the write goes
        await settle(app, pilot)
        assert not app._held_jobs
        assert app.store.actions.get(first).status is ActionStatus.DONE


async def test_held_writes_keep_their_order_with_undo(tmp_path: Path) -> None:
    """Tick, then undo at once: the undo (not held) must run after the tick it undoes."""
    app = make_app(tmp_path)
    async with board_ready(app) as (pilot, board):
        todo = column(board, ActionStatus.TODO)
        first = todo.current_id
        board.action_tick()
        second = todo.current_id  # the cursor stays in its row: the next card
        board.action_tick()
        app.action_undo()  # not held itself, but queued behind the held ones
        assert len(app._held_jobs) == 3 and first != second
        await settle(app, pilot)
        await settle(app, pilot)  # the undo's reload of the board
        saved = {a.id: a.status for a in app.store.actions.all()}
        assert saved[first] is ActionStatus.DONE  # the first tick stands
        assert saved[second] is ActionStatus.TODO  # the second was undone, after it was saved
        done = column(board, ActionStatus.DONE)
        assert sorted(i for i, s in saved.items() if s is ActionStatus.DONE) == sorted(done.ids)


async def test_quitting_straight_after_a_tick_keeps_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with board_ready(app) as (pilot, board):
        first = column(board, ActionStatus.TODO).current_id
        app._release_asked = True  # as if the frame that releases it never came before the quit
        board.action_tick()
        assert app._held_jobs
        app.exit()
    store = Store.open(tmp_path / "nextround.json")
    try:
        saved = store.actions.get(first)
        assert saved is not None and saved.status is ActionStatus.DONE
    finally:
        store.close()
