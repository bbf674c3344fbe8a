"""Step 1, "It's not all about you": mood, outside factors, the harsh thought and a fairer one."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ....domain.models import OUTSIDE_FACTORS, Reflection
from ....domain.traps import Trap, check_thought
from ..mood_picker import MoodPicker
from .common import ReflectionContext, StepPanel
from .text import literal, one_line


EMPTY_THOUGHT = "Write it the way it sounds in your head. It doesn't have to be fair yet."
HARSH_IN_GENERAL = (
    "That's a hard thing to say to yourself. If a friend said it about themselves after an email "
    "like this, what would you tell them?"
)
NOTHING_NAMED = (
    "Read it back once: is this how you'd speak to a friend who got the same email? "
    "If not, write the friend's version below."
)
MOST_TRAPS_SHOWN = 3


def traps_text(thought: str) -> Text:
    """What the trap spotter found, as calm lines: the plain name (the textbook term as a small
    aside), the person's own words it noticed, then one question.

    Never says "no traps": a thought with no named trap still gets a question, a gentler one
    when it is harsh about the self.
    """
    if not thought.strip():
        return Text(EMPTY_THOUGHT, style="italic")
    check = check_thought(thought)
    if not check.traps:
        return Text(HARSH_IN_GENERAL if check.harsh_in_general else NOTHING_NAMED, style="italic")
    text = Text()
    shown = _distinct(check.traps)[:MOST_TRAPS_SHOWN]
    for index, trap in enumerate(shown):
        if index:
            text.append("\n")
        text.append(trap.name, style="bold")
        if trap.clinical:
            text.append(f"  ({trap.clinical})", style="dim italic")
        quoted = ", ".join(f"\u201c{one_line(words)}\u201d" for words in trap.words)
        text.append(f"\n  You wrote {quoted}", style="dim")
        text.append(f"\n  {trap.hint}")
    return text


def _distinct(traps: tuple[Trap, ...]) -> list[Trap]:
    """The traps, leaving out one whose words an earlier one already quoted exactly ("I'll never
    get" read as both a prediction and hopelessness): one question per phrase is plenty."""
    kept: list[Trap] = []
    for trap in traps:
        seen = {w.lower() for earlier in kept for w in earlier.words}
        if all(w.lower() in seen for w in trap.words):
            continue
        kept.append(trap)
    return kept


class PerspectiveStep(StepPanel):
    NUMBER = 1
    TITLE = "It's not all about you"
    INTRO = (
        "A 'no' is built from many things you never get to see. "
        "Let's sort out what was yours to change and what simply wasn't."
    )

    def compose(self) -> ComposeResult:
        yield from self.compose_intro()
        yield Label("How are you feeling right now?", classes="field-label")
        yield MoodPicker(id="mood-before")
        yield Label("Tick what may have played a part and was out of your hands:", classes="field-label")
        yield SelectionList[str](
            *(Selection(Content(factor), factor) for factor in OUTSIDE_FACTORS), id="outside-factors"
        )
        yield Input(placeholder="Anything else outside your control? (optional)", id="other-factors")
        yield Label("What is the harshest thing you're telling yourself?", classes="field-label")
        yield TextArea(id="harsh-thought", placeholder="e.g. I'll never get a job like this", classes="short-text")
        yield Static(id="traps", classes="traps")
        yield Label("Now say it again, as fairly as you would to a friend:", classes="field-label")
        yield TextArea(id="reframe", placeholder="A fairer way to see it…", classes="short-text")

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        self.query_one("#mood-before", MoodPicker).value = draft.mood_before
        factors = self.query_one("#outside-factors", SelectionList)
        for extra in draft.outside_factors:
            if extra not in OUTSIDE_FACTORS:
                factors.add_option(Selection(Content(literal(extra)), extra))
        for factor in draft.outside_factors:
            factors.select(factor)
        self.query_one("#other-factors", Input).value = literal(draft.other_factors)
        self.query_one("#harsh-thought", TextArea).text = literal(draft.harsh_thought)
        self.query_one("#reframe", TextArea).text = literal(draft.reframe)
        self._show_traps()

    def collect(self, draft: Reflection) -> Reflection:
        factors = self.query_one("#outside-factors", SelectionList)
        return replace(
            draft,
            mood_before=self.query_one("#mood-before", MoodPicker).value,
            outside_factors=tuple(str(value) for value in factors.selected),
            other_factors=self.query_one("#other-factors", Input).value.strip(),
            harsh_thought=self.query_one("#harsh-thought", TextArea).text.strip(),
            reframe=self.query_one("#reframe", TextArea).text.strip(),
        )

    @on(TextArea.Changed, "#harsh-thought")
    def _show_traps(self) -> None:
        """Spot thinking traps as they type, so the nudge arrives while the thought is fresh."""
        thought = self.query_one("#harsh-thought", TextArea).text
        self.query_one("#traps", Static).update(traps_text(thought))
