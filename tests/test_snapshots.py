"""SVG snapshots of the main screens at 120x36 with demo data and a frozen clock.

Update after an intended change with ``python3 -m pytest tests/test_snapshots.py --snapshot-update``
and look at the new SVGs (``rsvg-convert``) before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.ui.screenshots import SCENES, SIZE, Scene, make_demo_app, play


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_scene(scene: Scene, snap_compare: Any, tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    assert snap_compare(app, run_before=lambda pilot: play(pilot, scene), terminal_size=SIZE)
