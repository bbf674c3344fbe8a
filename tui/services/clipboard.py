"""Copying text to the system clipboard, and saying truthfully whether it got there.

OSC 52 (the escape sequence Textual's ``App.copy_to_clipboard`` writes) reaches the clipboard
only where the terminal allows it: tmux's default settings and many terminals drop it without a
word. A clipboard tool (``wl-copy``, ``xclip``, ``xsel``, ``pbcopy``, ``clip.exe``) does report
success through its exit status, so a copy counts as confirmed only when one of them exited 0.
``copy_text`` tries the tools that fit the session, also hands the text to an OSC 52 sender
when given one, and returns a ``CopyOutcome`` the UI turns into an honest message.

It runs subprocesses: call it from a worker thread, never on the event loop. No Textual here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

TOOL_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class ClipboardTool:
    """One clipboard command: what it is called in messages and how it is run."""

    name: str
    argv: tuple[str, ...]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class CopyOutcome:
    """What happened to one copy: which tool confirmed it (if any), and what was tried."""

    tool: str | None = None  # the tool whose exit status confirmed the copy
    osc52_sent: bool = False  # the text also went to the terminal as OSC 52 (unconfirmable)
    failures: tuple[str, ...] = field(default_factory=tuple)  # "xclip: Can't open display"

    @property
    def confirmed(self) -> bool:
        return self.tool is not None

    @property
    def method(self) -> str:
        """The path used, for messages and tests: a tool's name, ``OSC 52`` or ``none``."""
        if self.tool is not None:
            return self.tool
        return "OSC 52" if self.osc52_sent else "none"

    def message(self, what: str = "the text", fallback: str = "save it to a file") -> str:
        """One sentence for the person: "Copied" only when a tool said it copied."""
        if self.tool is not None:
            return f"Copied {what} to the clipboard (with {self.tool})."
        tried = f" ({'; '.join(self.failures)})" if self.failures else ""
        if self.osc52_sent:
            return (
                f"Sent {what} to the terminal's clipboard (OSC 52), but it can't confirm it arrived"
                f"{tried}. If the paste is empty, {fallback}."
            )
        return f"Couldn't copy {what}: no clipboard tool worked{tried}. You can {fallback} instead."


def candidate_tools(environ: Mapping[str, str]) -> list[ClipboardTool]:
    """The clipboard tools worth trying in this session, most specific first (only those
    found on the PATH are run: pbcopy exists on macOS, clip.exe under WSL)."""
    tools: list[ClipboardTool] = []
    if environ.get("WAYLAND_DISPLAY"):
        tools.append(ClipboardTool("wl-copy", ("wl-copy",)))
    if environ.get("DISPLAY"):
        tools.append(ClipboardTool("xclip", ("xclip", "-selection", "clipboard", "-in")))
        tools.append(ClipboardTool("xsel", ("xsel", "--clipboard", "--input")))
    tools.append(ClipboardTool("pbcopy", ("pbcopy",)))
    # WSL: Windows' clip.exe is on the PATH; it reads UTF-16 (with its byte-order mark) reliably.
    tools.append(ClipboardTool("clip.exe", ("clip.exe",), encoding="utf-16"))
    return tools


def _run_tool(tool: ClipboardTool, executable: str, text: str, environ: Mapping[str, str]) -> str | None:
    """Run one tool with the text on stdin; None when it exited 0, else why it failed.

    xclip, xsel and wl-copy fork a child that keeps serving the clipboard; that child inherits
    stdout and stderr, so they go to /dev/null and a temporary file, never to pipes we would wait on.
    """
    with tempfile.TemporaryFile() as errors:
        try:
            done = subprocess.run(
                [executable, *tool.argv[1:]],
                input=text.encode(tool.encoding),
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=dict(environ),
                timeout=TOOL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"{tool.name}: no answer within {TOOL_TIMEOUT_SECONDS:g} s"
        except OSError as exc:
            return f"{tool.name}: {exc.strerror or exc}"
        if done.returncode == 0:
            return None
        errors.seek(0)
        said = " ".join(errors.read(300).decode("utf-8", "replace").split())
        return f"{tool.name}: {said or f'exit status {done.returncode}'}"


def copy_text(
    text: str,
    *,
    osc52: Callable[[str], object] | None = None,
    environ: Mapping[str, str] | None = None,
) -> CopyOutcome:
    """Copy ``text`` with the first clipboard tool that confirms it; also send it via ``osc52``.

    ``osc52`` (e.g. a function that has the app call ``copy_to_clipboard``) is called in every
    case: where the tool's clipboard is not the one the person pastes from (an SSH session),
    the terminal may still deliver it. Its arrival can't be observed, so it never confirms.
    """
    env = dict(os.environ if environ is None else environ)
    path = env.get("PATH", "")
    failures: list[str] = []
    tool_used: str | None = None
    for tool in candidate_tools(env):
        executable = shutil.which(tool.argv[0], path=path)
        if executable is None:
            continue
        failure = _run_tool(tool, executable, text, env)
        if failure is None:
            tool_used = tool.name
            break
        failures.append(failure)
    sent = False
    if osc52 is not None:
        try:
            osc52(text)
            sent = True
        except Exception as exc:  # noqa: BLE001 - a closed terminal must not lose the outcome
            failures.append(f"OSC 52: {exc}")
    return CopyOutcome(tool=tool_used, osc52_sent=sent, failures=tuple(failures))
