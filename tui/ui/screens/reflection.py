"""The guided five-step reflection on one rejection: one calm step at a time, saved as you go.

The steps (``widgets/steps``) only show and collect answers; this screen owns the draft, saves
it on every step change, after a pause in typing and on leaving (``Editor.save_reflection_draft``
on the writer thread), and carries out what the steps ask for: the feedback email, lessons
turned into action items, a quick new application, and finishing with a summary card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import (
    Button,
    ContentSwitcher,
    Header,
    Input,
    SelectionList,
    Static,
    Switch,
    TextArea,
)

from ...domain.dates import format_day
from ...domain.feedback_email import company_slug, feedback_subject, mailto_link
from ...domain.models import ActionItem, Application, CheckIn, FeedbackState, Reflection, Rejection
from ...services.editor import Editor
from ..widgets.mood_picker import MoodPicker
from ..widgets.steps import (
    FeedbackStep,
    LearnStep,
    MoveOnStep,
    PerspectiveStep,
    PositiveStep,
    ReflectionContext,
    StepEdited,
    StepPanel,
    StepProgress,
    SummaryCard,
    summary_text,
)
from ..widgets.steps.progress import FINISHED, STEP_NAMES
from ..widgets.steps.text import one_line
from ..widgets.keys_footer import KeysFooter
from .base import DataScreen

AUTOSAVE_SECONDS = 2.0
STEP_TYPES: tuple[type[StepPanel], ...] = (PerspectiveStep, FeedbackStep, PositiveStep, LearnStep, MoveOnStep)
LAST_STEP = len(STEP_TYPES)


def _fingerprint(reflection: Reflection) -> Reflection:
    """What counts as a change worth saving (not the id or the save times)."""
    return replace(reflection, id=0, started_at=None, updated_at=None)


class ReflectionScreen(DataScreen):
    """Pushed by ``app.open_reflection(rejection_id)``; resumes a half-done reflection where it was left."""

    CSS_PATH = "../styles/reflection.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next"),
        Binding("ctrl+b", "previous_step", "Back"),
        Binding("escape", "leave", "Leave (saved)", key_display="esc"),
    ]

    def __init__(self, rejection_id: int) -> None:
        super().__init__()
        self.rejection_id = rejection_id
        self.draft = Reflection(rejection_id=rejection_id)
        self.step = 1
        self.finished = False
        self._ctx: ReflectionContext | None = None
        self._loaded = False
        self._opening = False
        self._switching = False
        self._last_saved: Reflection | None = None
        self._autosave: Timer | None = None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reflection-frame"):
            yield Static(id="reflection-heading")
            yield StepProgress(id="progress")
            # Steps are mounted when first shown: opening the wizard styles one step, not five.
            yield ContentSwitcher(id="steps")
            with Horizontal(id="nav"):
                yield Button("‹ Back", id="nav-back", compact=True)
                yield Static("saved as you go · esc to leave", id="nav-hint", markup=False)
                yield Button("Next ›", id="nav-next", variant="primary", compact=True)
        yield KeysFooter()

    def _steps(self) -> list[StepPanel]:
        """The steps shown so far (the others still hold exactly the saved answers)."""
        return list(self.query(StepPanel))

    # -- data --------------------------------------------------------------------------------------

    def _read_context(self) -> ReflectionContext | None:
        store = self.nr_app.store
        rejection = store.rejections.get(self.rejection_id)
        if rejection is None:
            return None
        applications = tuple(store.applications.all())
        return ReflectionContext(
            rejection=rejection,
            application=store.applications.get(rejection.application_id),
            applications=applications,
            actions={item.id: item for item in self._linked_actions(self.draft)},
            now=self.nr_app.clock.now(),
            zone=self.nr_app.clock.tz,
        )

    def _linked_actions(self, reflection: Reflection) -> list[ActionItem]:
        store = self.nr_app.store
        ids = [i for lesson in reflection.lessons for i in lesson.action_ids]
        return [item for item in (store.actions.get(i) for i in dict.fromkeys(ids)) if item is not None]

    def reload(self) -> None:
        ctx = self._read_context()
        if ctx is None:
            self.notify("That rejection no longer exists.", severity="warning")
            self.dismiss()
            return
        self._ctx = ctx
        self._show_heading(ctx)
        if self._loaded:
            for step in self._steps():
                step.refresh_context(ctx)
            return
        if self._opening:
            return
        self._opening = True
        stored = self.nr_app.editor.reflection_for(self.rejection_id)
        if stored is not None:
            self.draft = stored
            self._ctx = replace(ctx, actions={item.id: item for item in self._linked_actions(stored)})
        start = 1 if stored is None or stored.is_complete else min(max(stored.step, 1), LAST_STEP)
        self.call_later(self._open_at, start)

    async def _open_at(self, number: int) -> None:
        await self._show_step(number)
        # Loading normalises a little (stripping, a drafted email); only real edits are saved.
        self._last_saved = _fingerprint(self._collect())
        self._loaded = True

    def _show_heading(self, ctx: ReflectionContext) -> None:
        app = ctx.application
        title = one_line(app.title) if app is not None else "an application"
        heading = Text("Reflecting on ", style="dim")
        heading.append(title, style="bold")
        day = format_day(ctx.rejection.on, ctx.today)
        when = day if day in ("today", "yesterday") else f"on {day}"
        heading.append(f" · turned down {when}", style="dim")
        if ctx.rejection.stage.reached_interview:
            heading.append(f", after the {ctx.rejection.stage.label.lower()}", style="dim")
        self.query_one("#reflection-heading", Static).update(heading)

    def _collect(self) -> Reflection:
        draft = self.draft
        for step in self._steps():
            draft = step.collect(draft)
        if not draft.is_complete:
            draft = replace(draft, step=self.step)
        return draft

    # -- saving ------------------------------------------------------------------------------------

    def _save(self) -> None:
        """Save the answers if they changed since the last save (on the writer thread)."""
        self._cancel_autosave()
        if not self._loaded or self.finished:
            return
        draft = self.draft = self._collect()
        fingerprint = _fingerprint(draft)
        if fingerprint == self._last_saved:
            return
        self._last_saved = fingerprint
        self.nr_app.change(lambda editor: editor.save_reflection_draft(draft), on_done=self._saved)

    def _saved(self, saved: Reflection) -> None:
        if not self.draft.id:
            self.draft = replace(self.draft, id=saved.id, started_at=saved.started_at)

    def _cancel_autosave(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Switch.Changed)
    @on(SelectionList.SelectedChanged)
    @on(MoodPicker.Changed)
    @on(StepEdited)
    def _answer_changed(self) -> None:
        """Save after a short pause in typing, so nothing is lost if the terminal closes."""
        if not self._loaded or self.finished:
            return
        self._cancel_autosave()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._save)

    def on_screen_suspend(self) -> None:
        self._save()

    def on_unmount(self) -> None:
        self._cancel_autosave()

    # -- moving between steps ----------------------------------------------------------------------

    async def _show_step(self, number: int) -> None:
        switcher = self.query_one("#steps", ContentSwitcher)
        step_id = f"step-{number}"
        if not switcher.query_children(f"#{step_id}"):
            panel = STEP_TYPES[number - 1](id=step_id)
            await switcher.add_content(panel)
            if self._ctx is not None:
                panel.load(self.draft, self._ctx)
        self.step = number
        switcher.current = step_id
        self.refresh_bindings()
        self.query_one(StepProgress).step = number
        self.query_one("#nav-back", Button).disabled = number == 1
        next_button = self.query_one("#nav-next", Button)
        next_button.label = "Finish ✓" if number == LAST_STEP else "Next ›"
        next_button.variant = "success" if number == LAST_STEP else "primary"
        step = self.query_one(f"#step-{number}", StepPanel)
        step.scroll_home(animate=False)
        self.call_after_refresh(step.focus_first)

    async def go_to(self, number: int) -> None:
        """Show step ``number`` (1-5) and save (the saved step is where a resume opens)."""
        if self.finished or not self._loaded or self._switching:
            return
        number = min(max(number, 1), LAST_STEP)
        self._switching = True
        try:
            self.draft = self._collect()
            if number != self.step:
                await self._show_step(number)
            self._save()
        finally:
            self._switching = False

    async def action_next_step(self) -> None:
        if self.finished:
            self.dismiss()
        elif self.step < LAST_STEP:
            await self.go_to(self.step + 1)
        else:
            self.finish()

    async def action_previous_step(self) -> None:
        if not self.finished and self.step > 1:
            await self.go_to(self.step - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back and Next leave the footer once the summary shows; Back hides on step 1."""
        if action == "next_step":
            return not self.finished
        if action == "previous_step":
            return not self.finished and self.step > 1
        return True

    def action_leave(self) -> None:
        """Leave at any point: the answers are kept and the Journal offers to resume."""
        self._save()
        self.dismiss()

    @on(Button.Pressed, "#nav-back")
    async def _back_pressed(self) -> None:
        await self.action_previous_step()

    @on(Button.Pressed, "#nav-next")
    async def _next_pressed(self) -> None:
        await self.action_next_step()

    @on(Button.Pressed, "#summary-done")
    def _done_pressed(self) -> None:
        self.dismiss()

    # -- finishing ---------------------------------------------------------------------------------

    def finish(self) -> None:
        """Complete the reflection, close the rejection, schedule a check-in, show the summary."""
        if not self._loaded or self.finished or self._switching:
            return
        self._cancel_autosave()
        draft = self.draft = self._collect()
        self._last_saved = _fingerprint(draft)
        self._switching = True
        self.query_one("#nav-next", Button).disabled = True
        self.nr_app.change(lambda editor: editor.finish_reflection(draft), on_done=self._finished)

    def _finished(self, result: tuple[Reflection, CheckIn | None]) -> None:
        saved, checkin = result
        self.draft = saved
        self.finished = True
        self._switching = False
        if self.is_attached:
            self.call_later(self._show_summary, saved, checkin)

    async def _show_summary(self, saved: Reflection, checkin: CheckIn | None) -> None:
        ctx = self._ctx
        if ctx is None:
            return
        company = ctx.application.company if ctx.application else "this"
        card = SummaryCard(id="summary")
        await self.query_one("#steps", ContentSwitcher).add_content(card, set_current=True)
        apps = self.nr_app.store.applications
        next_up = [a.title for a in (apps.get(i) for i in saved.next_opportunities) if a is not None]
        card.show(summary_text(saved, self._linked_actions(saved), checkin, company, ctx.now, ctx.zone, next_up))
        self.refresh_bindings()
        self.query_one(StepProgress).step = FINISHED
        self.query_one("#nav").display = False
        self.call_after_refresh(self.query_one("#summary-done", Button).focus)

    # -- what the steps ask for --------------------------------------------------------------------

    @on(FeedbackStep.Action)
    def _feedback_action(self, event: FeedbackStep.Action) -> None:
        event.stop()
        ctx = self._ctx
        if ctx is None:
            return
        app = ctx.application or Application(company="")
        if event.kind == "copy":
            self.app.copy_to_clipboard(event.text)
            self.notify("Copied the email. Paste it into your mail app.", timeout=3)
        elif event.kind == "save":
            self._save_email_file(app, event.text)
        elif event.kind == "mail":
            self._open_mail(app, event.text)
        elif event.kind == "asked":
            self._save()
            self._set_feedback(ctx.rejection, FeedbackState.ASKED, "", "Marked as asked. If nothing comes back, we'll remind you to follow up once.")
        elif event.kind == "received":
            self._set_feedback(ctx.rejection, FeedbackState.RECEIVED, event.text, "Saved their feedback. Step 4 can turn it into lessons.")
        elif event.kind == "not_coming":
            self._set_feedback(ctx.rejection, FeedbackState.NOT_COMING, "", "Noted: no feedback coming. No more nudges about it.")

    def _set_feedback(self, rejection: Rejection, state: FeedbackState, text: str, message: str) -> None:
        def done(updated: Rejection | None) -> None:
            if updated is not None:
                self.notify(message, timeout=4, markup=False)

        self.nr_app.change(lambda editor: editor.set_feedback(rejection.id, state, text), on_done=done)

    def _save_email_file(self, app: Application, body: str) -> None:
        """Write the email next to the store (on the writer thread) and say where."""
        from ...store.storage import write_output

        target = self.nr_app.store.path.parent / f"feedback-request-{company_slug(app.company)}.txt"
        header = f"To: {app.contact_email}\n" if app.contact_email.strip() else ""
        content = f"{header}Subject: {feedback_subject(app)}\n\n{body}"

        def write(_: Editor) -> str:
            write_output(target, content.encode("utf-8"))  # the export -o rules: never replaces a FIFO or device
            return str(target)

        self.nr_app.change(write, on_done=lambda path: self.notify(f"Saved to {path}", timeout=6, markup=False), refresh=False)

    def _open_mail(self, app: Application, body: str) -> None:
        link = mailto_link(app.contact_email, feedback_subject(app), body)
        try:
            self.app.open_url(link)
        except Exception as exc:  # noqa: BLE001 - no mail app must never end the reflection
            self.notify(f"Couldn't open a mail app ({exc}). Copy the email instead (ctrl+t).", severity="warning", markup=False)
            return
        self.notify("Asked your system to open a mail app. Nothing opened? Copy it instead (ctrl+t).", timeout=5)

    @on(LearnStep.MakeActions)
    def _make_actions(self, event: LearnStep.MakeActions) -> None:
        event.stop()
        self._cancel_autosave()
        draft = self.draft = self._collect()
        self._last_saved = _fingerprint(draft)
        lesson_text, items = event.lesson_text, event.items

        def done(result: tuple[Reflection, list[ActionItem]]) -> None:
            saved, created = result
            self.draft = replace(self.draft, id=saved.id, started_at=saved.started_at)
            learn = self.query_one(LearnStep)
            learn.sync_action_ids(saved.lessons)
            if self._ctx is not None:
                actions = dict(self._ctx.actions) | {item.id: item for item in created}
                self._ctx = replace(self._ctx, actions=actions)
                learn.refresh_context(self._ctx)
            self.draft = self._collect()
            self._last_saved = _fingerprint(self.draft)
            titles = ", ".join(f"“{one_line(item.title)}”" for item in created)
            due = format_day(created[0].due, self._ctx.today) if created and self._ctx else ""
            self.notify(f"On your board: {titles} (due {due}).", timeout=4, markup=False)

        self.nr_app.change(lambda editor: editor.lesson_to_actions(draft, lesson_text, items), on_done=done)

    @on(MoveOnStep.AddOpportunity)
    def _add_opportunity(self, event: MoveOnStep.AddOpportunity) -> None:
        event.stop()
        new = Application(company=event.company, role=event.role)

        def done(saved: Application) -> None:
            ctx = self._read_context()
            if ctx is not None:
                self._ctx = ctx
                self.query_one(MoveOnStep).opportunity_added(saved, ctx)
            self.notify(f"Added {one_line(saved.title)} and ticked it.", timeout=3, markup=False)
            self._answer_changed()

        self.nr_app.change(lambda editor: editor.add_application(new), on_done=done)

    # -- command palette -----------------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Reflection: next step", "Save and go on (ctrl+n)", self.action_next_step)
        yield SystemCommand("Reflection: previous step", "Save and go back (ctrl+b)", self.action_previous_step)
        for number, name in enumerate(STEP_NAMES, start=1):
            yield SystemCommand(f"Reflection: go to step {number}, {name}", "Jump to that step", partial(self.go_to, number))
        yield SystemCommand("Reflection: leave", "Your answers are kept (esc)", self.action_leave)
        if not self.query(FeedbackStep):
            return
        feedback = self.query_one(FeedbackStep)
        yield SystemCommand("Feedback email: copy", "Copy the drafted email (ctrl+t)", lambda: feedback.action_feedback("copy"))
        yield SystemCommand("Feedback email: save to a file", "Next to your data (ctrl+s)", lambda: feedback.action_feedback("save"))
        yield SystemCommand("Feedback email: open in mail app", "As a mailto: link (ctrl+o)", lambda: feedback.action_feedback("mail"))
        yield SystemCommand("Feedback: mark as asked", "Starts the follow-up reminders (ctrl+r)", lambda: feedback.action_feedback("asked"))
