"""Step 5, "Move on": the next opportunities, a closing note and how they feel now."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ....domain.models import Application, Reflection, Stage
from ..mood_picker import MoodPicker
from .common import ReflectionContext, StepPanel
from .text import literal, one_line


def opportunity_label(app: Application) -> Content:
    role = f" · {one_line(app.role)}" if app.role.strip() else ""
    return Content(f"{one_line(app.company)}{role} ({app.stage.label.lower()})")


class MoveOnStep(StepPanel):
    NUMBER = 5
    TITLE = "Move on"
    INTRO = (
        "This chapter can close now. Letting go of this one leaves room for the openings that "
        "might suit you even better."
    )

    class AddOpportunity(Message):
        """Add a new application quickly (the screen saves it and it arrives ticked)."""

        def __init__(self, company: str, role: str) -> None:
            super().__init__()
            self.company = company
            self.role = role

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._signature: tuple[tuple[int, str, str, str], ...] = ()
        self._wanted: set[int] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_intro()
        yield Label("Where will you put your energy next? Tick what you're moving towards:", classes="field-label")
        yield SelectionList[int](id="next-opportunities")
        yield Static("No open applications yet: add one below.", id="no-openings", classes="muted")
        with Horizontal(classes="add-row"):
            yield Input(placeholder="New company", id="new-company")
            yield Input(placeholder="Role", id="new-role")
            yield Button("Add", id="add-opportunity", compact=True)
        yield Static(id="new-error", classes="error-text")
        yield Label("A closing note to yourself:", classes="field-label")
        yield TextArea(id="closing-note", placeholder="What you want to remember as you move on", classes="short-text")
        yield Label("And how are you feeling now?", classes="field-label")
        yield MoodPicker(id="mood-after")
        yield Static(
            "Finish (ctrl+n) closes this chapter and schedules a gentle check-in in a day or so.",
            classes="muted hint",
            markup=False,
        )

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        self._wanted = set(draft.next_opportunities)
        self.query_one("#closing-note", TextArea).text = literal(draft.closing_note)
        self.query_one("#mood-after", MoodPicker).value = draft.mood_after
        self.refresh_context(ctx)

    def refresh_context(self, ctx: ReflectionContext) -> None:
        """List the open applications (and any already ticked), keeping the current ticks."""
        listing = self.query_one("#next-opportunities", SelectionList)
        if self._signature:
            self._wanted = set(listing.selected)
        apps = [
            a
            for a in ctx.applications
            if a.id != ctx.rejection.application_id
            and (a.stage.is_open or a.stage is Stage.WISHLIST or a.id in self._wanted)
        ]
        apps.sort(key=lambda a: (a.id not in self._wanted, -(a.last_change.timestamp() if a.last_change else 0), a.id))
        signature = tuple((a.id, a.company, a.role, a.stage.value) for a in apps)
        if signature != self._signature:
            self._signature = signature
            listing.clear_options()
            listing.add_options(Selection(opportunity_label(a), a.id, a.id in self._wanted) for a in apps)
            if apps:
                listing.highlighted = 0
        listing.display = bool(apps)
        self.query_one("#no-openings").display = not apps

    def collect(self, draft: Reflection) -> Reflection:
        listing = self.query_one("#next-opportunities", SelectionList)
        chosen = tuple(int(i) for i in listing.selected) if self._signature else tuple(sorted(self._wanted))
        return replace(
            draft,
            next_opportunities=chosen,
            closing_note=self.query_one("#closing-note", TextArea).text.strip(),
            mood_after=self.query_one("#mood-after", MoodPicker).value,
        )

    def opportunity_added(self, app: Application, ctx: ReflectionContext) -> None:
        """A quick-added application arrives ticked, and the focus goes to it in the list: one
        predictable place after Add (space unticks it, tab goes on to add another)."""
        listing = self.query_one("#next-opportunities", SelectionList)
        self._wanted = set(listing.selected) | {app.id}
        self._signature = ()
        self.refresh_context(ctx)
        for index in range(listing.option_count):
            if listing.get_option_at_index(index).value == app.id:
                listing.highlighted = index
                break
        listing.focus()

    @on(Button.Pressed, "#add-opportunity")
    @on(Input.Submitted, "#new-company, #new-role")
    def _add(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        company_input = self.query_one("#new-company", Input)
        role_input = self.query_one("#new-role", Input)
        company, role = company_input.value.strip(), role_input.value.strip()
        error = self.query_one("#new-error", Static)
        if isinstance(event, Input.Submitted) and event.input is company_input and company:
            role_input.focus()
            return
        if not company:
            error.update("Give the company a name first.")
            company_input.focus()
            return
        error.update("")
        self.post_message(self.AddOpportunity(company, role))
        company_input.value = ""
        role_input.value = ""
