"""Step 4, "Learn": lessons, each turned into action items on the board with one keystroke."""

from __future__ import annotations

from datetime import date

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static

from ....domain.dates import DateParseError, Direction, format_day, parse_user_date
from ....domain.models import ActionItem, Lesson, Priority, Reflection, Stage
from .common import ReflectionContext, StepEdited, StepPanel
from .text import literal, one_line

DEFAULT_DUE = "+7d"


def learn_intro(stage: Stage) -> str:
    """The step's intro, naming where lessons can come from for this rejection's stage."""
    source = "the interview" if stage.reached_interview else "the call" if stage is Stage.SCREENING else "the application"
    return (
        f"Pick out one or two things worth taking forward, from {source} or their feedback, "
        "and turn each into a small, concrete step."
    )


class LessonList(OptionList):
    """The lessons so far; ``d`` removes the highlighted one at once (its action items stay on
    the board) and ``u`` brings it back, as delete and undo work everywhere else."""

    BINDINGS = [
        Binding("d,delete", "remove_lesson", "Remove lesson"),
        Binding("u", "restore_lesson", "Bring it back"),
    ]

    class RemoveRequested(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class RestoreRequested(Message):
        """Put back the lesson removed last."""

    def action_remove_lesson(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.RemoveRequested(self.highlighted))

    def action_restore_lesson(self) -> None:
        self.post_message(self.RestoreRequested())


def lesson_prompt(lesson: Lesson, actions: dict[int, ActionItem]) -> Text:
    text = Text("• ")
    text.append(literal(lesson.text))
    count = len(lesson.action_ids)
    if count:
        done = sum(1 for i in lesson.action_ids if i in actions and actions[i].status.value == "done")
        label = f"  {count} action{'s' if count != 1 else ''} on your board"
        text.append(label + (f", {done} done" if done else ""), style="dim")
    return text


class LearnStep(StepPanel):
    NUMBER = 4
    TITLE = "Learn"
    INTRO = (
        "Pick out one or two things worth taking forward, from the interview or their feedback, "
        "and turn each into a small, concrete step."
    )

    BINDINGS = [Binding("ctrl+a", "make_actions", "Lesson → action", priority=True)]

    class MakeActions(Message):
        """Put these action items on the board for the lesson (the screen saves them)."""

        def __init__(self, lesson_text: str, items: list[ActionItem]) -> None:
            super().__init__()
            self.lesson_text = lesson_text
            self.items = items

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lessons: list[Lesson] = []
        self._removed: list[tuple[int, Lesson]] = []  # (where it was, the lesson): u brings the last back
        self._ctx: ReflectionContext | None = None
        self._shown: list[str] | None = None
        self._title_for: str | None = None
        self._confirmed_past_due: date | None = None  # a past due day asked about once

    def compose(self) -> ComposeResult:
        yield from self.compose_intro()
        yield Static(id="their-feedback", classes="their-feedback")
        yield Label("A lesson (Enter adds it):", classes="field-label")
        yield Input(placeholder="e.g. Practise explaining my projects in two minutes", id="lesson-input")
        yield LessonList(id="lessons")
        yield Label("Action for the highlighted lesson (several? separate them with ;)", classes="field-label")
        with Horizontal(classes="action-row"):
            yield Input(placeholder="What will you do?", id="action-title")
            yield Input(DEFAULT_DUE, placeholder="due: tomorrow, friday, +7d, 30 Nov", id="action-due")
            yield Select(
                [(p.value.capitalize(), p) for p in Priority], value=Priority.NORMAL, allow_blank=False, id="action-priority"
            )
        yield Static(id="action-error", classes="error-text")
        yield Static(
            "ctrl+a puts it on your board: due next week by default, change the date if you like.",
            classes="muted hint",
            markup=False,
        )

    # -- load / collect ------------------------------------------------------------------------

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        self.lessons = list(draft.lessons)
        self.refresh_context(ctx)
        if self.lessons:
            self.query_one(LessonList).highlighted = 0

    def refresh_context(self, ctx: ReflectionContext) -> None:
        self._ctx = ctx
        self.query_one(".step-intro", Static).update(Text(learn_intro(ctx.rejection.stage)))
        feedback = ctx.rejection.feedback_text.strip()
        panel = self.query_one("#their-feedback", Static)
        panel.display = bool(feedback)
        if feedback:
            panel.update(Text.assemble(("Their feedback: ", "bold"), literal(feedback)))
        self._show_lessons()

    def collect(self, draft: Reflection) -> Reflection:
        return replace(draft, lessons=tuple(self.lessons))

    def sync_action_ids(self, stored: tuple[Lesson, ...]) -> None:
        """After actions were created: take the ids the store recorded (the truth for them)."""
        known = {lesson.text: lesson.action_ids for lesson in stored}
        self.lessons = [
            replace(lesson, action_ids=tuple(dict.fromkeys(lesson.action_ids + known.get(lesson.text, ()))))
            for lesson in self.lessons
        ]
        self._show_lessons()
        lesson = self.highlighted_lesson
        if lesson is not None:  # ready for the next action, not a repeat of the last one
            self._title_for = lesson.text
            self.query_one("#action-title", Input).value = one_line(lesson.text)

    # -- showing --------------------------------------------------------------------------------

    def _show_lessons(self) -> None:
        """Redraw the list only when a line would change (a redraw moves no cursor, edits no title)."""
        listing = self.query_one(LessonList)
        actions = self._ctx.actions if self._ctx else {}
        prompts = [lesson_prompt(lesson, actions) for lesson in self.lessons]
        if not prompts and self._removed:
            # The last lesson was just removed: the list stays (and keeps the focus) so that u,
            # bringing it back, reaches it.
            prompts = [Text("No lessons now. u brings back the one you removed.", style="italic")]
        if [p.plain for p in prompts] == self._shown:
            return
        self._shown = [p.plain for p in prompts]
        keep = listing.highlighted
        listing.set_options(prompts)
        listing.display = bool(prompts)
        if self.lessons:
            listing.highlighted = min(keep if keep is not None else 0, len(self.lessons) - 1)

    @property
    def highlighted_lesson(self) -> Lesson | None:
        index = self.query_one(LessonList).highlighted
        return self.lessons[index] if index is not None and 0 <= index < len(self.lessons) else None

    # -- editing --------------------------------------------------------------------------------

    def add_lesson(self, text: str) -> Lesson:
        text = text.strip()
        for lesson in self.lessons:
            if lesson.text == text:
                break
        else:
            lesson = Lesson(text)
            self.lessons.append(lesson)
        self._show_lessons()
        self.query_one(LessonList).highlighted = self.lessons.index(lesson)
        self._title_for = lesson.text
        self.query_one("#action-title", Input).value = one_line(lesson.text)
        self.post_message(StepEdited())
        return lesson

    @on(Input.Submitted, "#lesson-input")
    def _lesson_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.add_lesson(event.value)
            event.input.value = ""

    @on(OptionList.OptionHighlighted, "#lessons")
    def _lesson_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """A different lesson: offer its text as the action title (a typed title is kept otherwise)."""
        lesson = self.highlighted_lesson
        if lesson is not None and lesson.text != self._title_for:
            self._title_for = lesson.text
            self.query_one("#action-title", Input).value = one_line(lesson.text)

    @on(LessonList.RemoveRequested)
    def _remove_lesson(self, event: LessonList.RemoveRequested) -> None:
        if 0 <= event.index < len(self.lessons):
            removed = self.lessons.pop(event.index)
            self._removed.append((event.index, removed))
            self._show_lessons()
            self.post_message(StepEdited())
            note = " Its actions stay on your board." if removed.action_ids else ""
            self.notify(f"Removed “{one_line(removed.text)}”.{note} Press u to bring it back.", timeout=4, markup=False)

    @on(LessonList.RestoreRequested)
    def _restore_lesson(self) -> None:
        if not self._removed:
            self.notify("No removed lesson to bring back.", timeout=2)
            return
        index, lesson = self._removed.pop()
        if lesson not in self.lessons:
            self.lessons.insert(min(index, len(self.lessons)), lesson)
        self._show_lessons()
        self.query_one(LessonList).highlighted = self.lessons.index(lesson)
        self.post_message(StepEdited())
        self.notify(f"Brought back “{one_line(lesson.text)}”.", timeout=3, markup=False)

    @on(Input.Submitted, "#action-title, #action-due")
    def _action_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_make_actions()

    def action_make_actions(self) -> None:
        """One keystroke: (add the typed lesson and) put its action item(s) on the board."""
        ctx = self._ctx
        if ctx is None:
            return
        error = self.query_one("#action-error", Static)
        typed = self.query_one("#lesson-input", Input)
        if typed.value.strip():
            self.add_lesson(typed.value)
            typed.value = ""
        lesson = self.highlighted_lesson
        if lesson is None:
            error.update("Write a lesson first, then ctrl+a turns it into an action.")
            self.query_one("#lesson-input", Input).focus()
            return
        due_input = self.query_one("#action-due", Input)
        try:
            due = parse_user_date(due_input.value or DEFAULT_DUE, ctx.today, Direction.FUTURE)
        except DateParseError as exc:
            error.update(Text(f"Due date: {exc}"))
            due_input.add_class("-invalid")
            due_input.focus()
            return
        due_input.remove_class("-invalid")
        if due < ctx.today and due != self._confirmed_past_due:
            # A due date already past is asked about once; ctrl+a again with the same day keeps it.
            self._confirmed_past_due = due
            days = (ctx.today - due).days
            error.update(Text(
                f"Due {format_day(due, ctx.today)} was {days} day{'s' if days != 1 else ''} ago: "
                "press ctrl+a again to keep it, or type a day ahead."
            ))
            due_input.focus()
            return
        error.update("")
        titles = [t.strip() for t in self.query_one("#action-title", Input).value.split(";") if t.strip()]
        titles = titles or [" ".join(lesson.text.split())]
        priority = self.query_one("#action-priority", Select).value
        origin_company = " ".join(ctx.application.company.split()) if ctx.application else ""
        items = [
            ActionItem(
                title=title,
                due=due,
                priority=priority if isinstance(priority, Priority) else Priority.NORMAL,
                origin=f"Lesson: {origin_company}" if origin_company else "Lesson",
            )
            for title in titles
        ]
        self.post_message(self.MakeActions(lesson.text, items))
