"""Domain and storage never import Textual (checked in a fresh interpreter, as harlequin does)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_MODULES = [
    "tui.domain.models", "tui.domain.dates", "tui.domain.traps", "tui.domain.stats",
    "tui.store", "tui.store.transfer", "tui.services", "tui.demo", "tui.clock", "tui.paths",
    "tui.cli.status", "tui.cli.importer", "tui.cli.export", "tui.cli.remind", "tui.cli.demo",
    "tui.domain.reminders", "tui.reminders", "tui.dashboard_data", "tui.notify", "tui.domain.feedback_email",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, importlib; importlib.import_module({module!r}); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
