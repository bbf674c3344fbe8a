"""Step 2, "Ask for feedback": whether to ask, an editable drafted email, and what came back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static, Switch, TextArea

from ....domain.dates import format_day
from ....domain.feedback_email import draft_feedback_request, signed, specific_question
from ....domain.models import FeedbackState, Reflection, Rejection
from .common import ReflectionContext, StepPanel
from .text import literal, one_line

FeedbackKind = Literal["copy", "save", "mail", "asked", "received", "not_coming", "name"]


def _on_day(day: date | None, today: date) -> str:
    """``today`` / ``yesterday`` as they are, other days as ``on Tue 24 Nov``."""
    if day is None:
        return ""
    shown = format_day(day, today)
    return f" {shown}" if shown in ("today", "yesterday", "tomorrow") else f" on {shown}"


def feedback_status(rejection: Rejection, today: date) -> Text:
    """One line on where the feedback stands, so the person knows what the app will do next."""
    state = rejection.feedback_state
    text = Text("Feedback: ", style="bold")
    if state is FeedbackState.ASKED:
        text.append(f"asked{_on_day(rejection.feedback_asked_on, today)}. If nothing arrives, we'll nudge you once to follow up.")
    elif state is FeedbackState.RECEIVED:
        text.append(f"received{_on_day(rejection.feedback_received_on, today)}. Step 4 is a good place to turn it into lessons.")
    elif state is FeedbackState.NOT_COMING:
        text.append("not coming. That happens a lot and says nothing about you; your own notes count just as much.")
    else:
        text.append("not asked yet.")
    return text


class FeedbackStep(StepPanel):
    NUMBER = 2
    TITLE = "Ask for feedback"
    INTRO = (
        "A short, friendly note can turn a 'no' into something useful, and it shows you take "
        "your growth seriously. Asking is optional: it's your call."
    )

    BINDINGS = [
        Binding("ctrl+t", "feedback('copy')", "Copy email"),
        Binding("ctrl+s", "feedback('save')", "Save to file"),
        Binding("ctrl+o", "feedback('mail')", "Open in mail app"),
        Binding("ctrl+r", "feedback('asked')", "Mark as asked"),
    ]

    class Action(Message):
        """Do something with the feedback email or record feedback news (the screen does it)."""

        def __init__(self, kind: FeedbackKind, text: str) -> None:
            super().__init__()
            self.kind: FeedbackKind = kind
            self.text = text

    def compose(self) -> ComposeResult:
        yield from self.compose_intro()
        with Horizontal(classes="switch-row"):
            yield Switch(value=True, id="ask-feedback")
            yield Label("I'd like to ask them for feedback", classes="switch-label")
        with Vertical(id="email-section"):
            yield Label("Your note (edit it freely, it's yours):", classes="field-label")
            yield TextArea(id="feedback-draft", classes="email-text")
            yield Static(
                "The \u201cIn particular\u201d line comes from your own notes: keep it, change it or delete it.",
                id="question-note",
                classes="muted",
                markup=False,
            )
            with Horizontal(id="name-row"):
                yield Label("Your name, to sign it (asked once):", id="your-name-label")
                yield Input(placeholder="e.g. Sam Lee, then Enter", id="your-name", compact=True)
            with Horizontal(classes="button-row"):
                yield Button("Copy", id="fb-copy", compact=True)
                yield Button("Save to file", id="fb-save", compact=True)
                yield Button("Open in mail app", id="fb-mail", compact=True)
                yield Button("Mark as asked", id="fb-asked", variant="primary", compact=True)
        yield Static("Maybe another time, and that's fine. If feedback arrives anyway, note it below.", id="no-ask-note", classes="muted")
        yield Static(id="feedback-status", classes="feedback-status")
        yield Label("If they replied, what did they say?", classes="field-label")
        yield Input(placeholder="Their feedback, in a sentence or two", id="feedback-received")
        with Horizontal(classes="button-row"):
            yield Button("Save their feedback", id="fb-received", compact=True)
            yield Button("It's not coming", id="fb-not-coming", compact=True)

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        if draft.ask_feedback is not None:
            self.query_one("#ask-feedback", Switch).value = draft.ask_feedback
        body = draft.feedback_draft
        drafted = not body and ctx.application is not None
        if drafted and ctx.application is not None:
            body = draft_feedback_request(ctx.application, ctx.rejection, ctx.your_name, draft)
        self.query_one("#feedback-draft", TextArea).text = literal(body)
        self.query_one("#question-note").display = drafted and bool(specific_question(draft))
        self.query_one("#name-row").display = not ctx.your_name.strip()
        self.query_one("#feedback-received", Input).value = literal(ctx.rejection.feedback_text)
        self._show_email(self.query_one("#ask-feedback", Switch).value)
        self.refresh_context(ctx)

    def refresh_context(self, ctx: ReflectionContext) -> None:
        self.query_one("#feedback-status", Static).update(feedback_status(ctx.rejection, ctx.today))

    def collect(self, draft: Reflection) -> Reflection:
        return replace(
            draft,
            ask_feedback=self.query_one("#ask-feedback", Switch).value,
            feedback_draft=self.query_one("#feedback-draft", TextArea).text,
        )

    @property
    def email_text(self) -> str:
        return self.query_one("#feedback-draft", TextArea).text

    @on(Switch.Changed, "#ask-feedback")
    def _ask_changed(self, event: Switch.Changed) -> None:
        self._show_email(event.value)

    def _show_email(self, asking: bool) -> None:
        self.query_one("#email-section").display = asking
        self.query_one("#no-ask-note").display = not asking

    def action_feedback(self, kind: FeedbackKind) -> None:
        if kind == "received":
            text = self.query_one("#feedback-received", Input).value.strip()
            if not text:
                self.notify("Write what they said first, then save it.", severity="warning", timeout=3)
                self.query_one("#feedback-received", Input).focus()
                return
            self.post_message(self.Action(kind, text))
            return
        if kind == "asked":
            self.query_one("#ask-feedback", Switch).value = True
        self.post_message(self.Action(kind, self.email_text))

    @on(Button.Pressed, "#fb-copy, #fb-save, #fb-mail, #fb-asked, #fb-received, #fb-not-coming")
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        kind = {
            "fb-copy": "copy",
            "fb-save": "save",
            "fb-mail": "mail",
            "fb-asked": "asked",
            "fb-received": "received",
            "fb-not-coming": "not_coming",
        }[event.button.id or ""]
        self.action_feedback(kind)  # type: ignore[arg-type]

    @on(Input.Submitted, "#your-name")
    def _name_given(self, event: Input.Submitted) -> None:
        """Sign the draft and keep the name for every later email (the screen saves the setting)."""
        event.stop()
        name = one_line(event.value)
        if not name:
            return
        draft = self.query_one("#feedback-draft", TextArea)
        draft.text = signed(draft.text, name)
        self.query_one("#name-row").display = False
        self.post_message(self.Action("name", name))

    @on(Input.Submitted, "#feedback-received")
    def _received_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_feedback("received")
