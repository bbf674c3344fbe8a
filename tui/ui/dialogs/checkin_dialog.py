"""Answering a spaced check-in: how you feel (1-5) and an optional note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.text import literal
from ..widgets.mood_picker import MoodPicker


@dataclass(frozen=True)
class CheckInResult:
    """What the person chose: answer (with mood and note), snooze, or dismiss."""

    action: str  # "answer", "snooze", "dismiss"
    mood: int | None = None
    note: str = ""
    #: The suggested small action to start (move to Doing) with the answer, if chosen.
    start_action_id: int | None = None


class CheckInDialog(ModalScreen[CheckInResult | None]):
    """A short, kind question; saving schedules the next check-in by the ladder.

    ``done_since`` lists what got done since the last check-in (their wins, shown first);
    ``preview(mood)`` says when the ladder would ask next for that answer; ``suggestion``
    (action id, title) is the one small step offered, right here, when the answer is 1 or 2.
    """

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "save", "Save"),
        Binding("s", "snooze", "Snooze"),
        Binding("x", "dismiss_checkin", "Not now"),
        Binding("d", "start_suggestion", "Save and start the small step"),
    ]

    def __init__(
        self,
        title: str,
        body: str,
        done_since: list[str] | None = None,
        preview: Callable[[int], str] | None = None,
        suggestion: tuple[int, str] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._suggestion = suggestion
        self._title = title
        self._body = body
        self._done_since = done_since or []
        self._preview = preview

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-small") as box:  # scrolls on a small terminal
            box.border_title = "Check-in"
            yield Static(literal(self._title, style="bold"), classes="dialog-title")
            yield Static(literal(self._body), classes="dialog-text")
            yield Static(self._done_text(), id="checkin-done")
            yield Static(Text("Your mood — press 1 to 5:", style="dim"))
            yield MoodPicker(id="checkin-mood")
            yield Static("", id="checkin-next", classes="muted")
            with Horizontal(id="checkin-small-step"):
                yield Static(self._suggestion_text(), id="checkin-suggestion")
                yield Button("Start it (d)", id="checkin-start", compact=True)
            yield Input(placeholder="A note for yourself (optional)", id="checkin-note")
            yield Static("", id="checkin-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="checkin-save")
                yield Button("Snooze… (s)", id="checkin-snooze")
                yield Button("Not now (x)", id="checkin-dismiss")

    def on_mount(self) -> None:
        self.query_one("#checkin-small-step").display = False
        self.query_one(MoodPicker).focus()

    def _suggestion_text(self) -> Text:
        if self._suggestion is None:
            return Text("On a heavy day one small step helps: anything small from your board will do.")
        text = Text("On a heavy day one small step helps. Maybe: ")
        text.append_text(literal(self._suggestion[1], style="bold"))
        return text

    def _low_mood(self) -> bool:
        mood = self.query_one(MoodPicker).value
        return mood is not None and mood <= 2

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_suggestion":
            return self._suggestion is not None and self._low_mood()
        return True

    def _done_text(self) -> Text:
        if not self._done_since:
            return Text("Nothing ticked off since last time — that's fine; one small step is plenty.", style="dim")
        count = len(self._done_since)
        text = Text()
        text.append(f"Since last time you finished {count} action item{'s' if count != 1 else ''}:", style="bold")
        for title in self._done_since[:3]:
            text.append("\n  ✓ ")
            text.append_text(literal(title))
        if count > 3:
            text.append(f"\n  and {count - 3} more")
        return text

    @on(MoodPicker.Changed)
    def _mood_changed(self, event: MoodPicker.Changed) -> None:
        low = event.value is not None and event.value <= 2
        self.query_one("#checkin-small-step").display = low
        self.query_one("#checkin-start", Button).display = self._suggestion is not None
        self.refresh_bindings()
        if self._preview is not None and event.value is not None:
            self.query_one("#checkin-next", Static).update(Text(self._preview(event.value)))
            self.query_one("#checkin-error", Static).update("")

    def action_save(self) -> None:
        mood = self.query_one(MoodPicker).value
        if mood is None:
            self.query_one("#checkin-error", Static).update(Text("Pick a mood from 1 to 5 first (press a number)."))
            self.query_one(MoodPicker).focus()
            return
        self.dismiss(CheckInResult("answer", mood, self.query_one("#checkin-note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#checkin-note")
    @on(Button.Pressed, "#checkin-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#checkin-start")
    def action_start_suggestion(self) -> None:
        """Save the answer and move the suggested action to Doing, in one go."""
        if self._suggestion is None or not self._low_mood():
            return
        mood = self.query_one(MoodPicker).value
        note = self.query_one("#checkin-note", Input).value.strip()
        self.dismiss(CheckInResult("answer", mood, note, start_action_id=self._suggestion[0]))

    @on(Button.Pressed, "#checkin-snooze")
    def action_snooze(self) -> None:
        self.dismiss(CheckInResult("snooze"))

    @on(Button.Pressed, "#checkin-dismiss")
    def action_dismiss_checkin(self) -> None:
        self.dismiss(CheckInResult("dismiss"))
