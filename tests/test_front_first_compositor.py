"""The data screens' compositor draws the same frames as Textual's own.

``FrontFirstCompositor`` copies Textual 8's ``_render_chops`` and skips drawing what widgets in
front already cover. Here both run on the same compositor state for every scene of the
screenshots (each data screen, the reflection steps, a dialog and the help over a screen), at
two sizes, for the whole screen and for partial updates (a band of lines, a column, a corner),
and every piece of every line must be the same: same text, same styles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.geometry import Region

from tui.screens.base import DataScreen
from tui.screens.front_first_compositor import FrontFirstCompositor
from tui.screenshots import SCENES, Scene, make_demo_app, play


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
