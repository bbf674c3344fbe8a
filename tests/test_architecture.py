"""Domain and storage never import Textual (checked in a fresh interpreter, as harlequin does)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_MODULES = [
    "tui.domain.models", "tui.domain.dates", "tui.domain.traps", "tui.domain.stats",
    "tui.store", "tui.store.transfer", "tui.services.editor", "tui.services.demo", "tui.domain.clock", "tui.store.paths",
    "tui.cli.status", "tui.cli.importer", "tui.cli.export", "tui.cli.remind", "tui.cli.demo",
    "tui.domain.reminders", "tui.services.reminders", "tui.services.dashboard_data", "tui.notify", "tui.domain.feedback_email",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, importlib; importlib.import_module({module!r}); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_first_frame_loads_no_module_it_does_not_draw_with() -> None:
    """What the app imports before its first frame is what start-up pays for (issue 5): the
    rules, notifications, other screens and dateutil's calendar code load after it."""
    later = ["tui.services.reminders", "tui.domain.reminders", "tui.notify", "tui.ui.screens.board", "tui.ui.screens.applications",
             "tui.cli.export", "tui.cli.demo", "dateutil.rrule", "dateutil.relativedelta"]
    code = (
        "import sys\nfrom tui.__main__ import build_parser, commands_needed\n"
        "build_parser(commands_needed([]), lean=True).parse_args([])\n"
        "import tui.ui.app, tui.ui.screens.dashboard, tui.services.dashboard_cache, tui.store.store\n"
        f"print([m for m in {later!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
