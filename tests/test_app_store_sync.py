"""An open app notices another process's writes (the poll re-reads only when the file changed)."""

from __future__ import annotations

from pathlib import Path

from tui.domain.models import Application
from tui.ui.screenshots import make_demo_app
from tui.store import Store


async def test_open_app_sees_another_windows_change(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        before = app.screen.query_one("DataTable").row_count
        Store.open(tmp_path / "nextround.json").applications.add(Application(company="From another window"))
        app._poll_store()  # noqa: SLF001 - what the 2-second interval runs
        app.writes_done().result(timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("DataTable").row_count == before + 1
