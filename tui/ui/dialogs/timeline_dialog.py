"""One application at a glance: its details, its dated steps, its open action items, and how
its rejection stands.

Read-only, so it takes plain records (no store access) and renders everything as ``Text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.dates import days_ago, format_day
from ...domain.models import ENTRY_FOLLOW_UP, ActionItem, ActionStatus, Application, Reflection, Rejection
from ...domain.text import literal

REFLECTION_STEPS = 5


def _grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    return table


class TimelineDialog(ModalScreen[None]):
    """Dismisses with None (escape, enter or Close)."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close", key_display="esc")]

    def __init__(
        self,
        application: Application,
        now: datetime,
        zone: tzinfo,
        rejection: Rejection | None = None,
        reflection: Reflection | None = None,
        actions: Sequence[ActionItem] = (),
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._app = application
        self._actions = [a for a in actions if a.status is not ActionStatus.DONE]
        self._rejection = rejection
        self._reflection = reflection
        self._zone = zone
        self._today = now.astimezone(zone).date()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide", id="timeline-box") as box:
            box.border_title = literal(self._app.company)
            box.border_subtitle = Text("esc close")
            yield Static(literal(self._app.title, "bold"), classes="dialog-title")
            yield Static(self._details(), id="timeline-details")
            yield Static(self._steps(), id="timeline-steps", classes="dialog-text")
            if self._actions:
                yield Static(self._open_actions(), id="timeline-actions", classes="dialog-text")
            if self._rejection is not None:
                yield Static(self._rejection_state(self._rejection), id="timeline-rejection")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="timeline-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#timeline-close", Button).focus()

    # -- the parts -----------------------------------------------------------------------------

    def _details(self) -> RenderableType:
        app = self._app
        table = _grid()
        table.add_row("Stage", Text(app.stage.label))
        if app.applied_on:
            table.add_row("Applied", Text(f"{format_day(app.applied_on, self._today)} ({days_ago(app.applied_on, self._today)})"))
        contact = " · ".join(v for v in (app.contact_name, app.contact_email) if v)
        for label, value in (("Location", app.location), ("Link", app.link), ("Contact", contact), ("Source", app.source)):
            if value:
                table.add_row(label, literal(value))
        if app.notes:
            table.add_row("Notes", literal(app.notes))
        return table

    def _steps(self) -> RenderableType:
        if not self._app.timeline:
            return Text("No dated steps yet.", style="italic")
        table = _grid()
        for change in sorted(self._app.timeline, key=lambda c: c.at):
            day = change.at.astimezone(self._zone).date()
            row = Text("Followed up" if change.kind == ENTRY_FOLLOW_UP else change.stage.label)
            if change.note:
                row.append(" · ").append_text(literal(change.note))
            table.add_row(Text(format_day(day, self._today)), row)
        return Group(Text("Timeline", style="bold underline"), table)

    def _open_actions(self) -> RenderableType:
        """The board's cards linked to this application that are not done yet."""
        table = _grid()
        for item in self._actions:
            if item.due is None:
                when = "no due date"
            else:
                when = f"{'was due' if item.is_overdue(self._today) else 'due'} {format_day(item.due, self._today)}"
            row = literal(item.title)
            row.append(f" · {item.status.label}", style="italic")
            table.add_row(Text(when), row)
        return Group(Text("Open actions", style="bold underline"), table)

    def _rejection_state(self, rejection: Rejection) -> RenderableType:
        table = _grid()
        table.add_row("Heard on", Text(f"{format_day(rejection.on, self._today)}, at the {rejection.stage.label.lower()} stage"))
        table.add_row("Reason", literal(rejection.reason) if rejection.reason else Text("not given", style="italic"))
        feedback = Text(rejection.feedback_summary)
        if rejection.feedback_text:
            feedback.append(": ").append_text(literal(rejection.feedback_text))
        table.add_row("Feedback", feedback)
        table.add_row("Reflection", Text(self._reflection_state()))
        if rejection.closed_at is not None:
            table.add_row("Moved on", Text(format_day(rejection.closed_at.astimezone(self._zone).date(), self._today)))
        return Group(Text("Rejection", style="bold underline"), table)

    def _reflection_state(self) -> str:
        reflection = self._reflection
        if reflection is None:
            return "not started yet (it waits on the dashboard)"
        if reflection.completed_at is not None:
            return f"finished {format_day(reflection.completed_at.astimezone(self._zone).date(), self._today)}"
        return f"in progress, step {reflection.step} of {REFLECTION_STEPS}"

    # -- closing ----------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
