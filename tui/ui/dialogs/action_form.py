"""Add or edit one action item: a title, a due date typed as people type it, a priority, notes.

Returns the edited ``ActionItem`` (not yet saved: the caller saves it) or ``None`` on escape.
Nothing leaves the dialog until the title is there and the date can be read; the date line
shows what was understood ("Fri 27 Nov 2026 · in 2 days") or why not, as the person types.
The reflection's Learn step reuses it for lessons, passing ``origin`` and ``reflection_id``.
An item may be linked to one application (chosen here among the open ones, or preset by the
caller), so the board card names the company and the application's timeline lists the item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...domain.dates import DateParseError, Direction, direction_question, parse_user_date
from ...domain.models import ActionItem, Application, Priority, Stage
from ...domain.text import flat
from .guarded_form import GuardedForm

TITLE_LIMIT = 200
DUE_PLACEHOLDER = "tomorrow, friday, +3d, in 2 weeks, 30 Nov"
PRIORITY_CHOICES = [(Text("High"), Priority.HIGH), (Text("Normal"), Priority.NORMAL), (Text("Low"), Priority.LOW)]


def application_choices(applications: Iterable[Application], keep: int | None = None) -> list[tuple[Text, int]]:
    """The applications an action can belong to: the open ones and the wishlist (by company,
    then role), plus ``keep`` (the one it is linked to already) whatever its stage."""
    chosen = [a for a in applications if a.stage.is_open or a.stage is Stage.WISHLIST or a.id == keep]
    chosen.sort(key=lambda a: (flat(a.company).casefold(), flat(a.role).casefold(), a.id))
    return [(Text(f"{flat(a.company)} · {flat(a.role)}" if a.role.strip() else flat(a.company)), a.id) for a in chosen]


def _relative(day: date, today: date) -> str:
    delta = (day - today).days
    named = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if delta in named:
        return named[delta]
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


class ActionFormDialog(GuardedForm[ActionItem | None]):
    """The one form for action items: the board's add and edit, the reflection's lessons."""

    CSS_PATH = "../styles/action_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        item: ActionItem | None = None,
        *,
        today: date,
        origin: str = "",
        reflection_id: int | None = None,
        applications: Iterable[Application] = (),
        application_id: int | None = None,
        title: str = "",
    ) -> None:
        super().__init__()
        self._item = item
        self._title = item.title if item is not None else title
        self._today = today
        self._origin = item.origin if item is not None and not origin else origin
        self._reflection_id = item.reflection_id if item is not None and reflection_id is None else reflection_id
        # A due date already past is saved only when saved again unchanged.
        self._confirmed_due: date | None = None
        self._application_id = item.application_id if item is not None and application_id is None else application_id
        self._application_choices = application_choices(applications, self._application_id)

    def compose(self) -> ComposeResult:
        item = self._item
        with VerticalScroll(classes="dialog", id="action-form") as box:
            box.border_title = "Edit action item" if item is not None else "New action item"
            box.border_subtitle = "ctrl+s save · esc cancel"
            if self._origin:
                yield Static(Text(f"From {flat(self._origin)}"), classes="form-origin")
            yield Label("What will you do?", classes="form-label first")
            yield Input(
                value=self._title,
                placeholder="one small, concrete step",
                max_length=TITLE_LIMIT,
                id="action-title",
            )
            yield Static("", id="title-error", classes="field-error")
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label("Due (optional)", classes="form-label")
                    yield Input(
                        value=item.due.isoformat() if item and item.due else "",
                        placeholder=DUE_PLACEHOLDER,
                        id="action-due",
                    )
                with Vertical(classes="form-cell"):
                    yield Label("Priority", classes="form-label")
                    yield Select(
                        PRIORITY_CHOICES,
                        value=item.priority if item else Priority.NORMAL,
                        allow_blank=False,
                        id="action-priority",
                    )
            yield Static("", id="due-hint", classes="field-hint")
            yield Label("For which application? (optional)", classes="form-label")
            known = {value for _, value in self._application_choices}
            yield Select(
                self._application_choices,
                value=self._application_id if self._application_id in known else Select.NULL,
                allow_blank=True,
                prompt="None",
                id="action-application",
            )
            yield Label("Notes (optional)", classes="form-label")
            yield TextArea(item.notes if item else "", id="action-notes", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_due(self.query_one("#action-due", Input).value)
        self.query_one("#title-error", Static).display = False
        self.query_one("#action-title", Input).focus()

    # -- live feedback -----------------------------------------------------------------------

    def _read_due(self, text: str) -> date | None:
        """The due date typed, None when left empty; raises DateParseError when unreadable."""
        return parse_user_date(text, self._today, Direction.FUTURE) if text.strip() else None

    def _due_question(self, due: date | None) -> str | None:
        """Ask about a due date already past, unless it is the one the item already had."""
        if due is None or (self._item is not None and due == self._item.due):
            return None
        return direction_question(due, self._today, Direction.FUTURE)

    def _show_due(self, text: str) -> bool:
        """Say what the due date field means right now; False when it can't be read."""
        hint = self.query_one("#due-hint", Static)
        try:
            due = self._read_due(text)
        except DateParseError as error:
            hint.update(Text(str(error)))
            hint.set_classes("field-error")
            return False
        if due is None:
            hint.update(Text("no due date"))
        else:
            question = self._due_question(due)
            hint.update(Text(f"{due:%a} {due.day} {due:%b %Y} · {_relative(due, self._today)}" + (f" · {question}" if question else "")))
        hint.set_classes("field-hint")
        return True

    @on(Input.Changed, "#action-due")
    def _due_changed(self, event: Input.Changed) -> None:
        self._show_due(event.value)

    @on(Input.Changed, "#action-title")
    def _title_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one("#title-error", Static).display = False

    # -- finishing ---------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _submit(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.cancel()

    def discard_question(self) -> str:
        if self._item is None:
            return "Discard this new action item?"
        return f"Discard your changes to “{flat(self._item.title)}”?"

    def action_save(self) -> None:
        """Dismiss with the item only when every field is valid; otherwise point at the problem."""
        title_input = self.query_one("#action-title", Input)
        due_input = self.query_one("#action-due", Input)
        title = title_input.value.strip()
        due_ok = self._show_due(due_input.value)
        if not title:
            error = self.query_one("#title-error", Static)
            error.update(Text("Give it a short title, e.g. “Practise one SQL kata”."))
            error.display = True
            title_input.focus()
            return
        if not due_ok:
            due_input.focus()
            return
        due = self._read_due(due_input.value)
        if self._due_question(due) and due != self._confirmed_due:
            self._confirmed_due = due  # the hint asks; saving again with the same day keeps it
            due_input.focus()
            return
        priority = self.query_one("#action-priority", Select).value
        notes = self.query_one("#action-notes", TextArea).text.strip()
        if not isinstance(priority, Priority):
            priority = Priority.NORMAL
        linked = self.query_one("#action-application", Select).value
        if isinstance(linked, int):
            application_id: int | None = linked
        elif self._application_choices:
            application_id = None  # "None" chosen from a list that offered applications
        else:
            application_id = self._application_id  # no list to choose from: keep the link it had

        if self._item is not None:
            result = self._item.with_changes(
                title=title, due=due, priority=priority, notes=notes, application_id=application_id
            )
        else:
            result = ActionItem(
                title=title,
                due=due,
                priority=priority,
                notes=notes,
                origin=self._origin,
                reflection_id=self._reflection_id,
                application_id=application_id,
            )
        self.dismiss(result)
