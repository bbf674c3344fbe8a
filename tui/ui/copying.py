"""Copy text from any screen and tell the person what really happened.

The clipboard tools run on a thread (``asyncio.to_thread``) so a slow or hung ``xclip`` never
holds a key press; OSC 52 is written by the app itself (``App.copy_to_clipboard``) on the
event loop. "Copied" is said only when a tool confirmed it; otherwise the message says the
copy could not be confirmed and, when the caller can save the text instead, asks whether to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import App

from ..services.clipboard import CopyOutcome, copy_text
from .dialogs.confirm import ConfirmDialog


async def copy_and_report(
    app: App[Any],
    text: str,
    *,
    what: str = "the text",
    paste_hint: str = "",
    save_instead: Callable[[], None] | None = None,
) -> CopyOutcome:
    """Copy ``text``; notify "Copied … (with xclip)" only on a confirmed copy, else offer the file."""

    def send_osc52(content: str) -> None:
        app.call_from_thread(app.copy_to_clipboard, content)

    outcome = await asyncio.to_thread(copy_text, text, osc52=send_osc52)
    if outcome.confirmed:
        app.notify(f"{outcome.message(what)} {paste_hint}".strip(), timeout=4, markup=False)
    elif save_instead is not None:
        question = outcome.message(what, fallback="save it to a file") + "\n\nSave it to a file now?"

        def answered(save: bool | None) -> None:
            if save:
                save_instead()

        app.push_screen(ConfirmDialog("Copy not confirmed", question, yes="Save to file", no="Not now"), answered)
    else:
        app.notify(outcome.message(what), severity="warning", timeout=8, markup=False)
    return outcome
