"""The add/edit form for an application.

Dates are typed the way people say them ("3 Nov", "+2d", "fri", "yesterday") and the form
says at once which day it understood, or what to type instead.
Nothing is returned until every field is valid, and nothing typed is lost on an error.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...domain.dates import DateParseError, Direction, days_ago, direction_question, parse_user_date
from ...domain.models import Application, Stage, StageChange
from ...domain.text import clean, one_line
from .guarded_form import GuardedForm

# (field name, label, placeholder) for the one-line text fields, in form order.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("company", "Company *", "who you applied to"),
    ("role", "Role", "e.g. Backend developer"),
    ("link", "Link", "the job ad"),
    ("location", "Location", "city, or remote"),
    ("contact_name", "Contact name", "recruiter or hiring manager"),
    ("contact_email", "Contact email", "name@example.com"),
    ("source", "Source", "job board, referral, ..."),
)
DATE_PLACEHOLDER = "today, yesterday, monday, last fri, 3 days ago, 3 Nov"


def understood_day(day: date, today: date) -> str:
    """How the form confirms a typed date: ``→ Fri 20 Nov · 5 days ago``."""
    year = f" {day.year}" if day.year != today.year else ""
    return f"→ {day:%a} {day.day} {day:%b}{year} · {days_ago(day, today)}"


def read_day(text: str, today: date, direction: Direction = Direction.PAST) -> tuple[date | None, str | None]:
    """(the date, None) or (None, the error); a blank field means no date."""
    if not text.strip():
        return None, None
    try:
        return parse_user_date(text, today, direction), None
    except DateParseError as exc:
        return None, str(exc)


def applied_moment(day: date, zone: tzinfo, now: datetime) -> datetime:
    """When an application made on ``day`` enters its timeline: noon there, never after now."""
    noon = datetime.combine(day, time(12), tzinfo=zone).astimezone(timezone.utc)
    return min(noon, now)


def with_applied_on(app: Application, day: date | None, zone: tzinfo, now: datetime) -> Application:
    """``app`` with its applied date corrected, and its timeline (so "Last change") agreeing.

    The first entry of kind "stage" at Applied moves to the new day; an application that had
    no applied entry gets one at the start. Clearing the date leaves the timeline alone: what
    happened still happened.
    """
    if day == app.applied_on:
        return app
    changed = app.with_changes(applied_on=day)
    if day is None or day > now.astimezone(zone).date():
        return changed
    moment = applied_moment(day, zone, now)
    timeline = list(changed.timeline)
    for index, entry in enumerate(timeline):
        if entry.stage is Stage.APPLIED and entry.kind == "stage":
            timeline[index] = replace(entry, at=moment)
            break
    else:
        timeline.insert(0, StageChange(Stage.APPLIED, moment))
    timeline.sort(key=lambda entry: entry.at)
    return replace(changed, timeline=tuple(timeline))


class ApplicationForm(GuardedForm[Application | None]):
    """Dismisses with the new or edited Application (not yet saved), or None when cancelled."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(self, now: datetime, zone: tzinfo, application: Application | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._now = now
        self._zone = zone
        self._today = now.astimezone(zone).date()
        self._original = application
        # What each field showed at first: if it is unchanged, the stored value is kept exactly
        # (escape sequences are not shown, and must not be lost just by saving another field).
        self._shown: dict[str, str] = {}
        # A date on the wrong side of today is saved only when saved again unchanged.
        self._confirmed_day: date | None = None

    # -- building ------------------------------------------------------------------------------

    def _initial(self, name: str) -> str:
        value = str(getattr(self._original, name, "") or "") if self._original else ""
        self._shown[name] = " ".join(clean(value).splitlines())
        return self._shown[name]

    def compose(self) -> ComposeResult:
        editing = self._original is not None
        with VerticalScroll(classes="dialog") as box:
            box.border_title = Text("Edit application" if editing else "Add an application")
            box.border_subtitle = Text("ctrl+s save · esc cancel")
            for name, label, placeholder in TEXT_FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label", markup=False)
                    yield Input(self._initial(name), placeholder=placeholder, id=f"field-{name}", compact=True)
                if name in ("company", "contact_email"):
                    yield Static("", id=f"error-{name}", classes="field-error -empty")
            with Horizontal(classes="field-row"):
                yield Label("Applied on", classes="field-label")
                yield Input(self._initial_date(), placeholder=DATE_PLACEHOLDER, id="field-applied", compact=True)
            yield Static("", id="applied-feedback", classes="field-hint")
            with Horizontal(classes="field-row"):
                yield Label("Stage", classes="field-label")
                yield Select(self._stage_options(), value=self._initial_stage(), allow_blank=False, id="field-stage", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Notes", classes="field-label")
                notes = clean(self._original.notes) if self._original else ""
                self._shown["notes"] = notes
                yield TextArea(notes, id="field-notes", compact=True, soft_wrap=True, tab_behavior="focus")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)

    def _initial_date(self) -> str:
        if self._original is None:
            return "today"
        day = self._original.applied_on
        return f"{day.day} {day:%b %Y}" if day else ""

    def _initial_stage(self) -> Stage:
        return self._original.stage if self._original else Stage.APPLIED

    def _stage_options(self) -> list[tuple[str, Stage]]:
        """Every stage but rejected: that one asks its own questions (``r`` on the list)."""
        current = self._initial_stage()
        return [(s.label, s) for s in Stage if s is not Stage.REJECTED or s is current]

    def on_mount(self) -> None:
        self._show_date_feedback()
        self.query_one("#field-company", Input).focus()

    # -- live feedback -----------------------------------------------------------------------

    def _set_message(self, widget_id: str, message: str | None, error: bool = True) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.set_class(not message, "-empty")
        widget.set_class(error, "field-error")
        widget.set_class(not error, "field-hint")
        widget.update(Text(message or ""))

    def _show_date_feedback(self) -> date | None | str:
        """Update the line under the date; returns the date (None if blank) or the error text."""
        day, error = read_day(self.query_one("#field-applied", Input).value, self._today)
        if error:
            self._set_message("applied-feedback", error, error=True)
            return error
        message = understood_day(day, self._today) if day else "→ no date (fine if you have not applied yet)"
        question = self._date_question(day)
        if question:
            message += f" · {question}"
        self._set_message("applied-feedback", message, error=False)
        return day

    def _date_question(self, day: date | None) -> str | None:
        """Ask about a future applied date, unless it is the one already stored."""
        if day is None or (self._original is not None and day == self._original.applied_on):
            return None
        return direction_question(day, self._today, Direction.PAST)

    @on(Input.Changed, "#field-applied")
    def _date_changed(self) -> None:
        self._show_date_feedback()

    @on(Input.Changed, "#field-company")
    def _company_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._set_message("error-company", None)

    @on(Input.Changed, "#field-contact_email")
    def _email_changed(self) -> None:
        self._set_message("error-contact_email", None)

    # -- saving ----------------------------------------------------------------------------

    def _value(self, name: str) -> str:
        """The field's text, or the stored text if the field still shows it unchanged."""
        if name == "notes":
            typed = self.query_one("#field-notes", TextArea).text
        else:
            typed = self.query_one(f"#field-{name}", Input).value
        if self._original is not None and typed == self._shown.get(name):
            return str(getattr(self._original, name) or "")
        return typed if name == "notes" else typed.strip()

    def _validate(self) -> tuple[dict[str, object], list[Widget]]:
        """The cleaned values and the fields that are wrong (each with its message shown)."""
        values: dict[str, object] = {name: self._value(name) for name, _, _ in TEXT_FIELDS}
        values["notes"] = self._value("notes").rstrip()
        wrong: list[Widget] = []
        if not str(values["company"]).strip():
            self._set_message("error-company", "a company name is needed")
            wrong.append(self.query_one("#field-company", Input))
        email = str(values["contact_email"])
        if email and ("@" not in email or " " in email.strip()):
            self._set_message("error-contact_email", "that doesn't look like an email address (name@example.com)")
            wrong.append(self.query_one("#field-contact_email", Input))
        day = self._show_date_feedback()
        if isinstance(day, str):
            wrong.append(self.query_one("#field-applied", Input))
        elif self._date_question(day) and day != self._confirmed_day:
            self._confirmed_day = day  # saving again with the same date keeps it
            wrong.append(self.query_one("#field-applied", Input))
        else:
            values["applied_on"] = day
        stage = self.query_one("#field-stage", Select).value
        values["stage"] = stage if isinstance(stage, Stage) else self._initial_stage()
        return values, wrong

    def action_save(self) -> None:
        values, wrong = self._validate()
        if wrong:
            wrong[0].focus()
            return
        self.dismiss(self._build(values))

    def _build(self, values: dict[str, object]) -> Application:
        stage = values.pop("stage")
        assert isinstance(stage, Stage)
        if self._original is not None:
            applied_on = values.pop("applied_on", self._original.applied_on)
            assert applied_on is None or isinstance(applied_on, date)
            edited = with_applied_on(self._original.with_changes(**values), applied_on, self._zone, self._now)
            return edited.moved_to(stage, self._now) if stage is not self._original.stage else edited
        return Application(stage=stage, timeline=self._first_steps(values.get("applied_on"), stage), **values)  # type: ignore[arg-type]

    def _first_steps(self, applied_on: object, stage: Stage) -> tuple[StageChange, ...]:
        """A new application's timeline: applied on its day, then the stage it is at now."""
        if not isinstance(applied_on, date) or applied_on > self._today:
            return ()
        steps = (StageChange(Stage.APPLIED, applied_moment(applied_on, self._zone, self._now)),)
        if stage is not Stage.APPLIED:
            steps += (StageChange(stage, self._now),)
        return steps

    def action_cancel(self) -> None:
        self.cancel()

    def discard_question(self) -> str:
        if self._original is None:
            return "Discard this new application?"
        return f"Discard your changes to {one_line(self._original.title)}?"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.cancel()
