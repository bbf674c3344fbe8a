"""The board's screen after moves and column changes is exactly what a full redraw shows,
colours included (the ``:focus`` styles): the board turns off Textual's whole-screen repaint on
a focus change (every > and < moves the focus with the card), so what it repaints itself must
be complete.
"""

from __future__ import annotations

from pathlib import Path

from .tmux_app import app_on_board, needs_tmux, settled_capture


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
