"""A follow-up or move-on prompt: done, snooze, not now, or (for move-on) close the chapter."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.text import literal


class ReminderDialog(ModalScreen[str | None]):
    """Dismisses with "done", "snooze", "dismiss", "move_on", "ghosted", "plan" (put it on the
    board as an action item for that application), or None (escape).

    ``move_on`` is "rejection" (offer to close the chapter), "application" (offer to mark it
    ghosted) or "" (a follow-up: offer "Done").
    """

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, kind_label: str, title: str, body: str, move_on: str = "", can_plan: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self._can_plan = can_plan  # a follow-up about an application: "Plan it" makes a linked card
        self._kind_label = kind_label
        self._title = title
        self._body = body
        self._move_on = move_on

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small") as box:
            box.border_title = self._kind_label
            yield Static(literal(self._title, style="bold"), classes="dialog-title")
            yield Static(literal(self._body), classes="dialog-text")
            with Horizontal(classes="buttons"):
                if self._move_on == "rejection":
                    yield Button("Close this chapter", variant="primary", id="move_on")
                elif self._move_on == "application":
                    yield Button("Mark as ghosted", variant="primary", id="ghosted")
                else:
                    yield Button("Done", variant="primary", id="done")
                    if self._can_plan:
                        yield Button("Plan it", id="plan")
                yield Button("Snooze…", id="snooze")
                yield Button("Not now", id="dismiss")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
