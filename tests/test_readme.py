"""The README stays true: its keyboard map is the app's, and its commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

from tui.ui.keymap import as_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
TEST_COMMAND = "python3 -m pip install -e '.[test]' && python3 -m pytest"


def test_keyboard_map_matches_the_app() -> None:
    start = README.index("<!-- keymap:start -->") + len("<!-- keymap:start -->")
    end = README.index("<!-- keymap:end -->")
    assert README[start:end].strip() == as_markdown().strip(), "regenerate with: python -m tui.ui.keymap"


def test_ci_runs_the_readme_test_command() -> None:
    assert TEST_COMMAND in README
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text()


def test_readme_embeds_screenshots_that_exist() -> None:
    for name in ("dashboard", "reflection-step1", "board"):
        assert f"screenshots/{name}.svg" in README
        assert (ROOT / "screenshots" / f"{name}.svg").exists()
