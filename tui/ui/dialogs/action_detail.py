"""One action item in full: the whole title (a card shows two lines of it), notes, due date,
priority, the application it is about, where it came from, and when it was added and done.

Read-only, so it takes plain records (no store access). ``e`` asks for the edit form: the
dialog dismisses with ``"edit"`` and the board opens the form, as ``e`` on the card does.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Literal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.dates import days_ago, format_day
from ...domain.models import ActionItem, ActionStatus, Application
from ...domain.text import literal

DetailChoice = Literal["edit"]


def _grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    return table


class ActionDetailDialog(ModalScreen[DetailChoice | None]):
    """Dismisses with "edit" (e or Edit), or None (escape, enter or Close)."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("escape,enter", "close", "Close", key_display="esc"),
    ]

    def __init__(self, item: ActionItem, now: datetime, zone: tzinfo, application: Application | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.item = item
        self.application = application
        self._zone = zone
        self._today = now.astimezone(zone).date()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide", id="action-detail-box") as box:
            box.border_title = Text(self.item.status.label)
            box.border_subtitle = Text("e edit · esc close")
            yield Static(literal(self.item.title or "(untitled)", "bold"), classes="dialog-title", id="action-detail-title")
            yield Static(self.details_table(), id="action-detail-details")
            with Horizontal(classes="buttons"):
                yield Button("Edit", id="action-detail-edit", variant="primary", compact=True)
                yield Button("Close", id="action-detail-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#action-detail-close", Button).focus()

    def _day(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        day = moment.astimezone(self._zone).date()
        return f"{format_day(day, self._today)} ({days_ago(day, self._today)})"

    def details_table(self) -> Table:
        """The item's facts, one per row (what the dialog shows under the title)."""
        item, today = self.item, self._today
        table = _grid()
        if item.due is None:
            due = Text("no due date", style="italic")
        elif item.status is not ActionStatus.DONE and item.due < today:
            late = (today - item.due).days
            # "yesterday" says it already; an older day gets its count ("Mon 30 Nov, 4 days overdue").
            shown = format_day(item.due, today) if late == 1 else f"{format_day(item.due, today)}, {late} days overdue"
            due = Text(shown, style="bold")
        else:
            due = Text(format_day(item.due, today))
        table.add_row("Due", due)
        table.add_row("Priority", Text(item.priority.value))
        if self.application is not None:
            about = literal(self.application.company)
            if self.application.role:
                about.append(" · ").append_text(literal(self.application.role))
            table.add_row("Application", about)
        if item.origin:
            table.add_row("From", literal(item.origin))
        table.add_row("Notes", literal(item.notes) if item.notes.strip() else Text("none", style="italic"))
        table.add_row("Added", Text(self._day(item.created_at)))
        if item.status is ActionStatus.DONE:
            table.add_row("Done", Text(self._day(item.completed_at)))
        else:
            table.add_row("Done", Text(f"not yet ({item.status.label})", style="italic"))
        return table

    def action_edit(self) -> None:
        self.dismiss("edit")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("edit" if event.button.id == "action-detail-edit" else None)
