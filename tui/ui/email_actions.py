"""Sending a drafted note on its way: copy it, save it to a file, open it in a mail app.

One function each, shared by the reflection's feedback email and the follow-up prompt's
note, so each path is written (and improved) in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..domain.feedback_email import company_slug, mailto_link

if TYPE_CHECKING:
    from textual.app import App

    from ..services.editor import Editor
    from .app import NextRoundApp


def copy_note(app: App[object], text: str, what: str = "the email", save_instead: Callable[[], None] | None = None) -> None:
    """Copy ``text`` on a worker (a clipboard tool may be slow): "Copied" only when a tool
    confirmed it, else say so and offer ``save_instead`` (see :mod:`tui.ui.copying`)."""
    from .copying import copy_and_report

    app.run_worker(
        copy_and_report(app, text, what=what, paste_hint="Paste it into your mail app.", save_instead=save_instead),
        group="clipboard",
        exit_on_error=False,
    )


def note_file_text(to: str, subject: str, body: str) -> str:
    """What a saved note holds: the address and subject first, so nothing is lost on the way."""
    header = f"To: {to}\n" if to.strip() else ""
    return f"{header}Subject: {subject}\n\n{body}"


def save_note(app: NextRoundApp, file_stem: str, company: str, content: str) -> None:
    """Write ``content`` next to the store as ``<file_stem>-<company>.txt`` (on the writer
    thread, never on the event loop) and say where it went."""
    from ..store.storage import write_output

    target = app.store.path.parent / f"{file_stem}-{company_slug(company)}.txt"

    def write(_: Editor) -> str:
        write_output(target, content.encode("utf-8"))  # the export -o rules: never replaces a FIFO or device
        return str(target)

    app.change(write, on_done=lambda path: app.notify(f"Saved to {path}", timeout=6, markup=False), refresh=False)


def open_mail(app: App[object], to: str, subject: str, body: str, fallback_key: str = "ctrl+t") -> None:
    """Ask the system to open a mail app with the note as a ``mailto:`` link."""
    link = mailto_link(to, subject, body)
    try:
        app.open_url(link)
    except Exception as exc:  # noqa: BLE001 - no mail app must never end what the person is doing
        app.notify(f"Couldn't open a mail app ({exc}). Copy the note instead ({fallback_key}).", severity="warning", markup=False)
        return
    app.notify(f"Asked your system to open a mail app. Nothing opened? Copy it instead ({fallback_key}).", timeout=5, markup=False)
