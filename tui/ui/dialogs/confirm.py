"""A small yes/no question (used before deleting); the caller words the question."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.text import literal


class ConfirmDialog(ModalScreen[bool]):
    """Asks one question; dismisses True for yes, False for no or escape.

    The safe answer has the focus, so a reflexive Enter never destroys anything.
    """

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n/esc"),
    ]

    def __init__(self, title: str, question: Text | str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._question = question if isinstance(question, Text) else literal(question)
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small") as box:
            box.border_title = Text(self._title)
            box.border_subtitle = Text("y yes · n/esc no")
            yield Static(self._question, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(Text(self._yes), variant="error", id="confirm-yes", compact=True)
                yield Button(Text(self._no), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
