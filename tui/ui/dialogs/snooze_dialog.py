"""Snooze: one hour, tomorrow morning, or a time the person types (checked as they type)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.dates import DateParseError, format_moment, parse_user_datetime


class SnoozeDialog(ModalScreen[datetime | None]):
    """Dismisses with the aware UTC time to raise the reminder again, or None."""

    CSS_PATH = "../styles/dialogs.tcss"
    AUTO_FOCUS = "#snooze-when"
    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, now: datetime, zone: tzinfo, morning: datetime) -> None:
        super().__init__(classes="dialog-screen")
        self._now = now
        self._zone = zone
        self._morning = morning
        self._typed: datetime | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small") as box:
            box.border_title = "Snooze until…"
            box.border_subtitle = "esc keeps it as it is"
            with Horizontal(classes="buttons snooze-presets"):
                yield Button("1 hour", variant="primary", id="snooze-hour", compact=True)
                yield Button(f"Tomorrow {self._morning.astimezone(self._zone):%H:%M}", id="snooze-morning", compact=True)
            yield Static("or type when (what you type wins over the buttons):", classes="dialog-text")
            yield Input(placeholder="18:30, +2h, fri, tomorrow 9:00", id="snooze-when")
            yield Static("", id="snooze-hint", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Snooze", variant="primary", id="snooze-typed", disabled=True, compact=True)

    @on(Button.Pressed, "#snooze-hour")
    def _hour(self) -> None:
        self.dismiss(self._now + timedelta(hours=1))

    @on(Button.Pressed, "#snooze-morning")
    def _morning_pressed(self) -> None:
        self.dismiss(self._morning)

    @on(Input.Changed, "#snooze-when")
    def _typed_changed(self, event: Input.Changed) -> None:
        """Check the typed time as it changes. While the box holds text the presets are off, so
        a typed "mon" and then tab and enter can only mean the typed time."""
        hint = self.query_one("#snooze-hint", Static)
        typing = bool(event.value.strip())
        for preset in self.query(".snooze-presets Button"):
            preset.disabled = typing
        self._typed = None
        if not typing:
            hint.update("")
        else:
            try:
                when = parse_user_datetime(event.value, self._now, self._zone)
            except DateParseError as exc:
                hint.update(Text(str(exc)))
            else:
                if when <= self._now:
                    hint.update(Text("That time has already passed."))
                else:
                    self._typed = when
                    hint.update(Text(f"→ {format_moment(when, self._now, self._zone)} (enter to snooze)"))
        self.query_one("#snooze-typed", Button).disabled = self._typed is None

    @on(Input.Submitted, "#snooze-when")
    @on(Button.Pressed, "#snooze-typed")
    def _submitted(self) -> None:
        if self._typed is not None:
            self.dismiss(self._typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
