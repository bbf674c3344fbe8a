"""SteadyDataTable keeps its drawn cells across a screen switch and still looks like DataTable.

The first test would fail with Textual's own DataTable (it redraws every cell on each visit:
the test checks that too); the second guards the cache against keeping stale colours.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.ui.widgets.steady_table import SteadyDataTable

ROWS = [(f"[bold]Company {n}[/", f"Role {n}", "applied") for n in range(30)]


class TableScreen(Screen[None]):
    def __init__(self, table_class: type[DataTable[Any]]) -> None:
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        box = Input(id="box")
        box.cursor_blink = False  # a blinking cursor would make screenshots differ by timing
        yield box
        table = self.table_class(cursor_type="row", zebra_stripes=True, id="table")
        table.add_columns("Company", "Role", "Stage")
        table.add_rows([tuple(Text(cell) for cell in row) for row in ROWS])
        yield table

    def on_mount(self) -> None:
        self.query_one("#table").focus()


class OtherScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("elsewhere")


class TwoModes(App[None]):
    CSS = "#table { height: 1fr; }"  # the screen itself never scrolls (focus moves would scroll it)
    BINDINGS = [("1", "switch_mode('table')"), ("2", "switch_mode('other')")]

    def __init__(self, table_class: type[DataTable[Any]]) -> None:
        super().__init__()
        self.table_class = table_class
        self.cells_drawn = 0

    def on_mount(self) -> None:
        self.add_mode("table", lambda: TableScreen(self.table_class))
        self.add_mode("other", OtherScreen)
        self.switch_mode("table")


def _count_cells(app: TwoModes, monkeypatch: pytest.MonkeyPatch) -> None:
    original = DataTable._render_cell

    def counting(table: DataTable[Any], *args: Any, **kwargs: Any) -> Any:
        app.cells_drawn += 1
        return original(table, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_cell", counting)


@pytest.mark.parametrize(("table_class", "redraws"), [(SteadyDataTable, False), (DataTable, True)])
async def test_a_return_visit_draws_no_cell_again(table_class: type[DataTable[Any]], redraws: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    app = TwoModes(table_class)
    _count_cells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.cells_drawn > 0  # the first visit draws
        for _ in range(2):  # the first return may settle the style key; the second must be free
            await pilot.press("2")
            await pilot.pause()
            app.cells_drawn = 0
            await pilot.press("1")
            await pilot.pause()
        assert (app.cells_drawn > 0) is redraws


async def _screens(table_class: type[DataTable[Any]]) -> list[str]:
    """Screenshots after each step that changes how cells look: return visit, theme, focus."""
    app = TwoModes(table_class)
    shots: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "2", "1")
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.theme = "textual-light"
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.screen.query_one("#box").focus()
        await pilot.pause()
        shots.append(app.export_screenshot())
        await pilot.press("2")
        await pilot.pause()
        app.theme = "nord"
        await pilot.press("1")
        await pilot.pause()
        shots.append(app.export_screenshot())
    return shots


async def test_it_draws_exactly_what_datatable_draws_through_themes_and_focus() -> None:
    steady, plain = await _screens(SteadyDataTable), await _screens(DataTable)
    assert len(set(plain)) == len(plain)  # every step changes the picture, so a stale cache would show
    for mine, theirs in zip(steady, plain, strict=True):
        assert mine == theirs
