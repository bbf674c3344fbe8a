"""Domain and storage never import Textual (checked in a fresh interpreter, as harlequin does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



def _modules_outside_ui() -> list[str]:
    """Every module of tui/ but the Textual package (tui/ui): the layers that must stay plain."""
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[:2] == ("tui", "ui"):
            continue
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


PURE_MODULES = _modules_outside_ui()


def test_every_layer_but_ui_is_checked() -> None:
    """The list is found, not written: a new module in domain/, store/, services/, notify/ or cli/
    is checked without anyone remembering to add it."""
    packages = {name.split(".")[1] for name in PURE_MODULES if name.count(".") >= 1}
    assert {"domain", "store", "services", "notify", "cli"} <= packages
    assert "tui.store.importing" in PURE_MODULES and "tui.domain.reminders.feedback" in PURE_MODULES


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


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at run time or for type checking, as absolute names."""
    import ast

    package = ".".join(path.with_suffix("").relative_to(ROOT).parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_screens_and_the_reminder_loop_do_not_import_the_app() -> None:
    """The app imports the screens and the reminder loop; they get what they need from it through
    ``tui.ui.host`` (a Protocol), so no import goes back up, not even for type hints."""
    below_the_app = [ROOT / "tui/ui/reminder_loop.py", ROOT / "tui/ui/host.py", *sorted((ROOT / "tui/ui/screens").glob("*.py")),
                     *sorted((ROOT / "tui/ui/dialogs").glob("*.py")), *sorted((ROOT / "tui/ui/widgets").rglob("*.py"))]
    offenders = {str(path.relative_to(ROOT)) for path in below_the_app if "tui.ui.app" in _imported_modules(path)}
    assert offenders == set()
