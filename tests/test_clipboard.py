"""Copy says "Copied" only when a clipboard tool confirmed it (issue 14, item 4).

The confirmed path runs the real ``xclip`` against a private Xvfb and reads the clipboard back
with ``xclip -o``; the unconfirmed paths run with an empty PATH (no tool at all) or a DISPLAY
that does not exist (xclip runs and fails). Missing Debian packages fail, not skip: .ci/run
installs xclip and xvfb.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.notify_bus import MissingTools, require_tools, xvfb
from tests.test_reflection import BLUEFIN, focus, move, open_reflection, running, settle, until
from tui.services.clipboard import candidate_tools, copy_text
from tui.ui.dialogs.confirm import ConfirmDialog

EMAIL = "Hi Tom,\n\nthank you for the interview — could you share one thing I could do better?\n\nGrüße, Sam"


@pytest.fixture(scope="module")
def x_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Xvfb for this module's tests; yields its DISPLAY (':N')."""
    try:
        require_tools("Xvfb", "xclip")
    except MissingTools as exc:
        pytest.fail(str(exc), pytrace=False)
    with xvfb(tmp_path_factory.mktemp("xvfb")) as display:
        yield display


def read_clipboard(display: str) -> str:
    done = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=10,
        check=True,
    )
    return done.stdout.decode("utf-8")


def x_only_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    return {**env, "DISPLAY": display}


def use_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PATH"):
        if name in env:
            monkeypatch.setenv(name, env[name])
        else:
            monkeypatch.delenv(name, raising=False)


# -- the module ---------------------------------------------------------------------------------


def test_xclip_copies_and_is_named(x_display: str) -> None:
    sent: list[str] = []
    outcome = copy_text(EMAIL, osc52=sent.append, environ=x_only_env(x_display))
    assert outcome.confirmed and outcome.tool == "xclip" and outcome.method == "xclip"
    assert read_clipboard(x_display) == EMAIL
    assert sent == [EMAIL]  # the terminal gets it too
    assert outcome.message("the email") == "Copied the email to the clipboard (with xclip)."


def test_a_second_copy_replaces_the_first(x_display: str) -> None:
    copy_text("first note", environ=x_only_env(x_display))
    outcome = copy_text("second note", environ=x_only_env(x_display))
    assert outcome.tool == "xclip"
    assert read_clipboard(x_display) == "second note"


def test_no_tool_on_the_path_is_never_called_copied(tmp_path: Path) -> None:
    sent: list[str] = []
    outcome = copy_text(EMAIL, osc52=sent.append, environ={"PATH": str(tmp_path), "DISPLAY": ":0"})
    assert not outcome.confirmed and outcome.method == "OSC 52" and sent == [EMAIL]
    message = outcome.message("the email")
    assert "Copied" not in message and "can't confirm" in message and "OSC 52" in message

    nothing = copy_text(EMAIL, environ={"PATH": ""})
    assert nothing.method == "none" and "Couldn't copy" in nothing.message()


def test_a_tool_that_fails_is_reported_not_trusted(tmp_path: Path) -> None:
    require_tools("xclip")
    env = {"PATH": os.environ["PATH"], "DISPLAY": ":87"}  # no X server there
    outcome = copy_text(EMAIL, osc52=lambda _: None, environ=env)
    assert not outcome.confirmed
    assert any(f.startswith("xclip:") and "display" in f.lower() for f in outcome.failures)
    assert "Copied" not in outcome.message() and "xclip:" in outcome.message()


def test_a_broken_osc52_sender_is_a_failure_not_a_crash() -> None:
    def closed(_: str) -> None:
        raise RuntimeError("terminal gone")

    outcome = copy_text("x", osc52=closed, environ={"PATH": ""})
    assert outcome.method == "none" and "OSC 52: terminal gone" in outcome.failures


def test_the_tools_tried_follow_the_session() -> None:
    names = lambda env: [t.name for t in candidate_tools(env)]  # noqa: E731
    assert names({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == ["wl-copy", "xclip", "xsel", "pbcopy", "clip.exe"]
    assert names({"DISPLAY": ":0"}) == ["xclip", "xsel", "pbcopy", "clip.exe"]
    assert names({}) == ["pbcopy", "clip.exe"]  # macOS, WSL: run only where they are on the PATH


def test_clipboard_module_does_not_import_textual() -> None:
    code = "import sys, tui.services.clipboard; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- the reflection's feedback step ------------------------------------------------------------


def notifications(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_feedback_copy_with_xclip_says_copied_and_the_clipboard_has_it(
    tmp_path: Path, x_display: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_env(monkeypatch, x_only_env(x_display))
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, BLUEFIN)
        await move(pilot, screen, "ctrl+b")
        text = screen.query_one("#feedback-draft", TextArea).text
        await pilot.press("ctrl+t")
        await until(pilot, lambda: any("Copied" in n for n in notifications(app)), "the copy toast")
        assert "Copied the email to the clipboard (with xclip). Paste it into your mail app." in notifications(app)
        assert read_clipboard(x_display) == text and "Bluefin Labs" in text
        assert not isinstance(app.screen, ConfirmDialog)


async def test_feedback_copy_without_any_tool_says_so_and_offers_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_env(monkeypatch, {"PATH": str(tmp_path / "no-tools")})
    async with running(tmp_path) as (app, pilot):
        sent: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", sent.append)
        screen = await open_reflection(app, pilot, BLUEFIN)
        await move(pilot, screen, "ctrl+b")
        await focus(pilot, screen, "#feedback-draft")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the 'copy not confirmed' question")
        assert sent and "Bluefin Labs" in sent[0]  # OSC 52 went out all the same
        shown = "\n".join(str(s.render()) for s in app.screen.query(".dialog-text"))
        assert "can't confirm it arrived" in shown and "Copied" not in shown
        assert not any("Copied" in n for n in notifications(app))
        await pilot.press("y")
        await settle(app, pilot)
        target = app.store.path.parent / "feedback-request-bluefin-labs.txt"
        assert "Bluefin Labs" in target.read_text(encoding="utf-8")
        assert app.screen is screen
