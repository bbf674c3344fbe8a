"""A follow-up prompt with the note to send: copy, save or mail it, then "I followed up"."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ...domain.text import clean, literal

NoteAction = Callable[[str], None]


class FollowUpDialog(ModalScreen[str | None]):
    """Dismisses with "followed_up", "plan" (put the follow-up on the board as a linked card),
    "snooze", "dismiss", or None (escape).

    The note is the person's to edit; copy / save / mail hand the edited text to the callbacks
    (the reminder loop wires them to :mod:`tui.ui.email_actions`) and keep the dialog open.
    :attr:`note_text` is what "I followed up" records.
    """

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+t", "note('copy')", "Copy note"),
        Binding("ctrl+s", "note('save')", "Save to file"),
        Binding("ctrl+o", "note('mail')", "Open in mail app"),
        Binding("ctrl+r", "followed_up", "I followed up"),
    ]

    def __init__(
        self,
        kind_label: str,
        title: str,
        body: str,
        note: str,
        heading: str,
        on_copy: NoteAction,
        on_save: NoteAction,
        on_mail: NoteAction,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._kind_label = kind_label
        self._title = title
        self._body = body
        self._note = note
        self._heading = heading
        self._actions: dict[str, NoteAction] = {"copy": on_copy, "save": on_save, "mail": on_mail}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="follow-up-dialog") as box:
            box.border_title = self._kind_label
            yield Static(literal(self._title, style="bold"), classes="dialog-title")
            yield Static(literal(self._body), id="follow-up-why")
            yield Static(literal(self._heading, style="dim"), id="follow-up-heading")
            yield TextArea(clean(self._note), id="follow-up-note", classes="email-text")
            with Horizontal(classes="button-row"):
                yield Button("Copy (ctrl+t)", id="note-copy", compact=True)
                yield Button("Save to file (ctrl+s)", id="note-save", compact=True)
                yield Button("Open in mail app (ctrl+o)", id="note-mail", compact=True)
            with Horizontal(classes="button-row", id="follow-up-answers"):
                yield Button("I followed up (ctrl+r)", variant="primary", id="followed_up", compact=True)
                yield Button("Plan it", id="plan", compact=True)
                yield Button("Snooze…", id="snooze", compact=True)
                yield Button("Not now", id="dismiss", compact=True)

    def on_mount(self) -> None:
        self.query_one("#followed_up", Button).focus()

    @property
    def note_text(self) -> str:
        return self.query_one("#follow-up-note", TextArea).text

    def action_note(self, kind: str) -> None:
        self._actions[kind](self.note_text)

    def action_followed_up(self) -> None:
        self.dismiss("followed_up")

    @on(Button.Pressed, "#note-copy, #note-save, #note-mail")
    def _note_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_note((event.button.id or "").removeprefix("note-"))

    @on(Button.Pressed, "#followed_up, #plan, #snooze, #dismiss")
    def _choice(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
