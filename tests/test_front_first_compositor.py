"""The data screens' compositor draws the same frames as Textual's own.

``FrontFirstCompositor`` copies Textual 8's ``_render_chops`` and skips drawing what widgets in
front already cover. Here both run on the same compositor state for every scene of the
screenshots (each data screen, the reflection steps, a dialog and the help over a screen), at
two sizes, for the whole screen and for partial updates (a band of lines, a column, a corner),
and every piece of every line must be the same: same text, same styles. A partial update
draws only the pieces it sends, so there the test compares what reaches the terminal: every
cell the update writes, with its character and style, for changed regions of many shapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region

from tui.ui.screens.base import DataScreen
from tui.ui.screens.front_first_compositor import FrontFirstCompositor
from tui.ui.screenshots import SCENES, Scene, make_demo_app, play


def _segments(chops: Any) -> list[dict[int, Any]]:
    return [{cut: None if strip is None else list(strip) for cut, strip in line.items()} for line in chops]


def _crops(width: int, height: int) -> list[tuple[Region, Any]]:
    every_line = lambda y: True  # noqa: E731
    band = lambda y: 3 <= y < 9  # noqa: E731
    return [
        (Region(0, 0, width, height), every_line),
        (Region(0, 3, width, 6), band),
        (Region(width // 3, 0, width // 3, height), every_line),
        (Region(width - 20, height - 6, 20, 6), lambda y: y >= height - 6),
    ]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
async def test_frames_match_textuals_compositor(scene: Scene, size: tuple[int, int], tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await play(pilot, scene)
        screens = [app.screen, *app.screen_stack[:-1]]
        compared = 0
        for screen in screens:
            compositor = screen._compositor
            if isinstance(screen, DataScreen):
                assert isinstance(compositor, FrontFirstCompositor)
            if not compositor.visible_widgets:
                continue
            for crop, lines in _crops(*size):
                ours = FrontFirstCompositor._render_chops(compositor, crop, lines)
                textuals = Compositor._render_chops(compositor, crop, lines)
                assert _segments(ours) == _segments(textuals), f"{type(screen).__name__} {crop}"
                compared += 1
        assert compared


def _cells_written(update: ChopsUpdate | None, console: Console) -> dict[tuple[int, int], tuple[str, Any]]:
    """What a terminal shows after ``update``: each cell it writes, with its text and style."""
    cells: dict[tuple[int, int], tuple[str, Any]] = {}
    if update is None:
        return cells
    x = y = 0
    for segment in update.__rich_console__(console, console.options):
        if segment.control:
            for control in segment.control:
                if control[0] is ControlType.CURSOR_MOVE_TO:
                    x, y = control[1], control[2]
            continue
        if segment.text == "\n":
            continue
        for character in segment.text:
            cells[(x, y)] = (character, segment.style)
            x += cell_len(character)
    return cells


def _changed_regions(compositor: Compositor, width: int, height: int) -> list[list[Region]]:
    """Sets of changed regions: each widget alone, slivers like a scrollbar, bands, a cell, pairs."""
    sets = [[region] for region, _clip in compositor.visible_widgets.values()]
    sets += [
        [Region(width // 3, 2, 1, height - 4)],
        [Region(width // 3, 2, 1, height - 4), Region(2 * width // 3, 2, 1, height - 4)],
        [Region(0, height // 2, width, 1)],
        [Region(5, 5, 1, 1)],
        [Region(1, 3, width // 2, 4), Region(width // 2 + 3, 10, width // 3, 6)],
    ]
    screen = Region(0, 0, width, height)
    return [[r.intersection(screen) for r in regions if r.intersection(screen).area] for regions in sets]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
async def test_partial_updates_write_what_textual_writes(scene: Scene, size: tuple[int, int], tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    console = Console(width=size[0], height=size[1], force_terminal=True, color_system="truecolor")
    async with app.run_test(size=size) as pilot:
        await play(pilot, scene)
        compared = 0
        for screen in [app.screen, *app.screen_stack[:-1]]:
            compositor = screen._compositor
            if not isinstance(compositor, FrontFirstCompositor) or not compositor.visible_widgets:
                continue
            for regions in _changed_regions(compositor, *size):
                if not regions:
                    continue
                # Textual's own render_partial_update, step by step (with Textual's chops).
                spans = list(compositor._regions_to_spans(regions))
                lines = {y for y, _, _ in spans}.__contains__
                crop = Region.from_union(regions)
                textuals = ChopsUpdate(Compositor._render_chops(compositor, crop, lines), spans,
                                       [cut_set[1:] for cut_set in compositor.cuts])
                compositor._dirty_regions.clear()
                compositor._dirty_regions.update(regions)
                ours = compositor.render_partial_update()
                expected = _cells_written(textuals, console)
                assert expected, regions
                assert _cells_written(ours, console) == expected, f"{type(screen).__name__} {regions}"
                compared += 1
        assert compared
