"""A form that asks before throwing away what was typed (escape, Cancel).

Every form dialog once closed on escape without a word, and a half-typed application was gone.
A form built on ``GuardedForm`` remembers what its fields showed when it opened; closing it
with anything changed asks first ("Discard this new application?"), and the safe answer,
keep editing, has the focus.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Input, Select, TextArea

from .confirm import ConfirmDialog

ResultT = TypeVar("ResultT")


class GuardedForm(ModalScreen[ResultT]):
    """A modal form; ``cancel`` closes it at once when nothing changed, else asks first."""

    _as_opened: tuple[tuple[str | None, Any], ...] | None = None

    def on_mount(self) -> None:
        # Textual also runs the subclass's own on_mount (each class's handler, in MRO order):
        # by then the fields hold what the form was opened with.
        self._as_opened = self._field_values()

    def _field_values(self) -> tuple[tuple[str | None, Any], ...]:
        values: list[tuple[str | None, Any]] = []
        for field in self.query("Input, TextArea, Select"):
            if isinstance(field, TextArea):
                values.append((field.id, field.text))
            elif isinstance(field, (Input, Select)):
                values.append((field.id, field.value))
        return tuple(values)

    def has_changes(self) -> bool:
        """True once any field differs from what it showed when the form opened."""
        return self._as_opened is not None and self._field_values() != self._as_opened

    def discard_question(self) -> str:
        """The question asked before closing with changes (override: name what is lost)."""
        return "Discard what you typed?"

    def cancel(self) -> None:
        """Close without a result: at once if nothing changed, else after asking."""
        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard?", self.discard_question(), yes="Discard", no="Keep editing"), answered)
