"""Issue 16, item 5: the same keys mean the same thing everywhere, and the keymap says so.

The help screen and the README are generated from ``tui.ui.keymap.KEYMAP``; these tests hold
the bindings to it: every list has j / k / g / G, ctrl+s only ever saves, and every key a
screen binds is in that screen's part of the keymap.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tui.ui.dialogs.action_form import ActionFormDialog
from tui.ui.dialogs.application_form import ApplicationForm
from tui.ui.dialogs.checkin_dialog import CheckInDialog
from tui.ui.keymap import KEYMAP
from tui.ui.screenshots import make_demo_app
from tui.ui.screens.applications import ApplicationsScreen, ApplicationsTable
from tui.ui.screens.dashboard import ActionsList, DashboardScreen, DueList
from tui.ui.screens.journal import JournalScreen, JournalTable
from tui.ui.widgets.board_column import BoardColumn
from tui.ui.widgets.steps.feedback import FeedbackStep

LISTS = (ApplicationsTable, JournalTable, DueList, ActionsList, BoardColumn)
KEY_NAMES = {"slash": "/", "escape": "escape", "enter": "enter", "space": "space"}


def _keys(widget: type) -> set[str]:
    return {key.strip() for b in widget.BINDINGS if isinstance(b, Binding) for key in b.key.split(",")}


def _section(name: str) -> set[str]:
    """Every key the keymap names for screen ``name`` (its section and the shared ones)."""
    shared = [keys for title, keys in KEYMAP if title in ("Everywhere", "Every list and table")]
    own = [keys for title, keys in KEYMAP if title == name]
    assert own, f"no {name} section in the keymap"
    text = " ".join(key for keys in [*shared, *own] for key, _ in keys)
    return set(text.replace(",", " ").replace("/", " / ").split()) | ({"/"} if "/" in text else set())


def test_every_list_has_the_same_moves() -> None:
    for widget in LISTS:
        assert {"j", "k", "g", "G"} <= _keys(widget), widget.__name__


def test_ctrl_s_only_ever_saves() -> None:
    for owner in (ApplicationsScreen, DashboardScreen, JournalScreen, ApplicationForm, ActionFormDialog, CheckInDialog, FeedbackStep):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and "ctrl+s" in binding.key.split(","):
                assert "save" in binding.action, (owner.__name__, binding.action)


def test_every_key_a_screen_binds_is_in_its_keymap_section() -> None:
    for screen, name in ((ApplicationsScreen, "Applications"), (DashboardScreen, "Dashboard"), (JournalScreen, "Journal")):
        named = _section(name)
        for key in _keys(screen):
            shown = KEY_NAMES.get(key, key)
            assert shown in named, f"{name}: {shown} is bound but not in the keymap"


async def test_the_help_scrolls_with_the_list_keys(tmp_path: Path) -> None:
    from textual.containers import VerticalScroll

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        panel = app.screen.query_one("#help-panel", VerticalScroll)
        assert panel.max_scroll_y > 0  # longer than 24 lines
        await pilot.press("G")
        await pilot.pause()
        assert panel.scroll_y == panel.max_scroll_y
        await pilot.press("k")
        await pilot.pause()
        assert panel.scroll_y == panel.max_scroll_y - 1
        await pilot.press("g", "j")
        await pilot.pause()
        assert panel.scroll_y == 1
