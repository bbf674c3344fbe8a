"""Marking an application rejected: when, at which stage, why if known, then reflect now or later.

A reflection left for later needs nothing stored: a Rejection without a finished Reflection is
what the dashboard shows as due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.models import OPEN_STAGES, Application, Stage
from ...domain.text import literal
from .application_form import read_day, understood_day
from .guarded_form import GuardedForm

REJECTABLE_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s in OPEN_STAGES)


@dataclass(frozen=True)
class RejectResult:
    """What the person told us; ``reflect_now`` False means "Later"."""

    on: date
    stage: Stage
    reason: str
    reflect_now: bool


def stage_reached(application: Application) -> Stage:
    """The furthest open stage it was at: what the rejection most likely came after."""
    if application.stage in OPEN_STAGES:
        return application.stage
    for change in reversed(application.timeline):
        if change.stage in OPEN_STAGES:
            return change.stage
    return Stage.APPLIED


class RejectDialog(GuardedForm[RejectResult | None]):
    """Dismisses with a RejectResult, or None on escape / Cancel (nothing is changed then)."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="esc")]

    def __init__(self, application: Application, today: date) -> None:
        super().__init__(classes="dialog-screen")
        self._application = application
        self._today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as box:
            box.border_title = Text("Mark as rejected")
            box.border_subtitle = Text("enter reflect now · esc cancel")
            yield Static(literal(self._application.title, "bold"), classes="dialog-title")
            yield Static(
                Text(
                    "Sorry, that stings. Jot down what you know; nothing more is asked of you today.",
                    style="italic",
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="field-row"):
                yield Label("Heard on", classes="field-label")
                yield Input("today", placeholder="today, yesterday, monday, 3 days ago, 3 Nov", id="reject-on", compact=True)
            yield Static("", id="reject-on-feedback", classes="field-hint")
            with Horizontal(classes="field-row"):
                yield Label("At the stage", classes="field-label")
                yield Select(
                    [(s.label, s) for s in REJECTABLE_STAGES],
                    value=stage_reached(self._application),
                    allow_blank=False,
                    id="reject-stage",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Reason", classes="field-label")
                yield Input(placeholder="only if they said (optional)", id="reject-reason", compact=True)
            yield Static(
                Text(
                    "Reflect on it now? Five short steps, saved as you go. "
                    "Choose Later and it waits on the dashboard until you are ready."
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="buttons"):
                yield Button("Reflect now", variant="primary", id="reject-now", compact=True)
                yield Button("Later", id="reject-later", compact=True)
                yield Button("Cancel", id="reject-cancel", compact=True)

    def on_mount(self) -> None:
        self._check_date()
        self.query_one("#reject-on", Input).focus()

    def _check_date(self) -> date | None:
        """Show which day was understood (or why not); returns the day only if it is valid."""
        feedback = self.query_one("#reject-on-feedback", Static)
        text = self.query_one("#reject-on", Input).value
        day, error = read_day(text, self._today)
        if day is None and error is None:
            error = "when did you hear? e.g. today, yesterday, monday or 3 days ago"
        if day is not None and day > self._today:
            error = "that is in the future; when did you hear from them?"
        feedback.set_class(error is not None, "field-error")
        feedback.set_class(error is None, "field-hint")
        feedback.update(Text(error or understood_day(day, self._today)))  # type: ignore[arg-type]
        return None if error else day

    @on(Input.Changed, "#reject-on")
    def _date_changed(self) -> None:
        self._check_date()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in a field is the main answer: save and reflect now (Later is one tab away)."""
        event.stop()
        self._finish(reflect_now=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "reject-cancel":
            self.cancel()
            return
        self._finish(reflect_now=event.button.id == "reject-now")

    def _finish(self, reflect_now: bool) -> None:
        """Dismiss with the answers, or point at the date if it is not valid yet."""
        day = self._check_date()
        if day is None:
            self.query_one("#reject-on", Input).focus()
            return
        stage = self.query_one("#reject-stage", Select).value
        self.dismiss(
            RejectResult(
                on=day,
                stage=stage if isinstance(stage, Stage) else stage_reached(self._application),
                reason=self.query_one("#reject-reason", Input).value.strip(),
                reflect_now=reflect_now,
            )
        )

    def action_cancel(self) -> None:
        self.cancel()

    def discard_question(self) -> str:
        return "Discard this rejection? Nothing is marked yet."
