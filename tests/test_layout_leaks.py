"""Every dialog looks the same whatever was visited before it (issue 16, item 1).

Textual keeps a screen's CSS once it is loaded, for the whole app: a rule meant for one screen
(the reflection's ``.field-label``) once moved every label of the application form a row down
after a reflection had been visited. Each dialog's layout (the region of every label, input and
button) after a tour of every screen and dialog, in two orders, must equal a fresh start's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui_tour import DIALOGS, MODE_KEYS, close_dialog, full_reflection, layout_of, leave_to_main, open_dialog
from tui.ui.screenshots import make_demo_app, settle

SIZE = (120, 36)


async def _fresh_layouts(tmp_path: Path) -> dict[str, Any]:
    layouts = {}
    for name in DIALOGS:
        folder = tmp_path / f"fresh-{name}"
        folder.mkdir()
        app = make_demo_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            layouts[name] = layout_of(await open_dialog(pilot, name))
    return layouts


async def _tour(pilot: Any, order: list[str]) -> None:
    """Every screen, the reflection through to its summary, and every dialog, in ``order``."""
    for step in order:
        if step == "reflection":
            await full_reflection(pilot)
            await leave_to_main(pilot)
        elif step in MODE_KEYS:
            await pilot.press(MODE_KEYS[step])
            await settle(pilot)
        else:
            await open_dialog(pilot, step)
            await close_dialog(pilot)


TOUR = [*MODE_KEYS, "reflection", *DIALOGS]


@pytest.mark.parametrize("order", ["forward", "reverse"])
async def test_every_dialog_keeps_its_layout_after_every_screen(order: str, tmp_path: Path) -> None:
    fresh = await _fresh_layouts(tmp_path)
    steps = TOUR if order == "forward" else TOUR[::-1]
    app = make_demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _tour(pilot, steps)
        changed = []
        for name in DIALOGS:
            after = layout_of(await open_dialog(pilot, name))
            await close_dialog(pilot)
            if after != fresh[name]:
                moved = [(a, b) for a, b in zip(fresh[name], after) if a != b][:3]
                changed.append(f"{name}: {moved or 'different widgets'}")
    assert not changed, "dialogs laid out differently after the tour:\n" + "\n".join(changed)
