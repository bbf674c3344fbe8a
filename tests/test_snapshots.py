"""SVG snapshots of every screen and dialog at 120x36 and at 80x24, with demo data and a frozen clock.

Update after an intended change with ``python3 -m pytest tests/test_snapshots.py --snapshot-update``
and look at the new SVGs (``rsvg-convert``) before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.ui.screenshots import DIALOG_SCENES, SCENES, SIZE, SMALL_SIZE, Scene, make_demo_app, play


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_scene(scene: Scene, snap_compare: Any, tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    assert snap_compare(app, run_before=lambda pilot: play(pilot, scene), terminal_size=SIZE)


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_scene_at_80x24(scene: Scene, snap_compare: Any, tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    assert snap_compare(app, run_before=lambda pilot: play(pilot, scene), terminal_size=SMALL_SIZE)


@pytest.mark.parametrize("size", [SIZE, SMALL_SIZE], ids=["120x36", "80x24"])
@pytest.mark.parametrize("scene", DIALOG_SCENES, ids=[scene.name for scene in DIALOG_SCENES])
def test_dialog(scene: Scene, size: tuple[int, int], snap_compare: Any, tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    assert snap_compare(app, run_before=lambda pilot: play(pilot, scene), terminal_size=size)
