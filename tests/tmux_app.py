"""The app on the small demo store in a private tmux server, and what its pane shows."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench import data, terminal

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="runs the app in tmux (CI installs it)")


def capture(session: terminal.Session) -> str:
    """The pane with its colours and styles (``-e``), so a stale style shows."""
    return session._tmux("capture-pane", "-p", "-e").stdout


def settled_capture(session: terminal.Session) -> str:
    """The pane once two looks 0.3 s apart agree (the app has drawn what it had to)."""
    previous, deadline = None, time.perf_counter() + 10
    while time.perf_counter() < deadline:
        time.sleep(0.3)
        now = capture(session)
        if now == previous:
            return now
        previous = now
    return previous or ""


@contextmanager
def app_on_board(tmp_path: Path) -> Iterator[terminal.Session]:
    """The app started on the small demo and switched to the board (first visit)."""
    folder = data.build(tmp_path / "small", "small")
    session = terminal.Session([sys.executable, "-m", "tui", "--data-dir", str(folder)])
    try:
        session.start()
        assert session.wait_for(terminal.APP_MARKER, 60) is not None, session.capture()
        session.send("3")
        assert session.wait_for("Doing", 10) is not None, session.capture()
        yield session
    finally:
        session.kill()
