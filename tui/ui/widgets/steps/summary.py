"""The card shown after finishing: what was learned, what is on the board, when we'll check in."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.widgets import Button, Static

from ....domain.dates import format_day, format_moment
from ....domain.models import ActionItem, CheckIn, Reflection
from ..mood_picker import MOOD_WORDS
from .text import literal, one_line


def summary_text(
    reflection: Reflection,
    actions: list[ActionItem],
    checkin: CheckIn | None,
    company: str,
    now: datetime,
    zone: tzinfo,
    next_up: list[str] | None = None,
) -> Text:
    """The summary as text: kept plain so it reads well at any width."""
    today = now.astimezone(zone).date()
    text = Text()
    text.append(f"You worked through what happened with {one_line(company)}. That takes courage.\n", style="bold")
    if reflection.mood_before is not None and reflection.mood_after is not None:
        before, after = reflection.mood_before, reflection.mood_after
        text.append(f"\nMood: {before} ({MOOD_WORDS[before]}) → {after} ({MOOD_WORDS[after]})\n")
    text.append("\nWhat you learned\n", style="bold underline")
    if reflection.lessons:
        for lesson in reflection.lessons:
            text.append("  • ")
            text.append(literal(lesson.text))
            text.append("\n")
    else:
        text.append("  Nothing written down, and that's all right.\n", style="dim")
    text.append("\nOn your board\n", style="bold underline")
    if actions:
        for item in actions:
            text.append("  • ")
            text.append(one_line(item.title))
            text.append(f"  due {format_day(item.due, today)}, {item.priority.value} priority\n", style="dim")
    else:
        text.append("  No new action items this time.\n", style="dim")
    if next_up:
        text.append("\nWhere you're heading next\n", style="bold underline")
        for title in next_up:
            text.append(f"  • {one_line(title)}\n")
    text.append("\nNext check-in: ", style="bold")
    if checkin is not None and checkin.effective_due <= now:
        text.append("waiting for you on the dashboard", style="")
        text.append("  (a quick 'how are you doing?')", style="dim")
    elif checkin is not None:
        text.append(format_moment(checkin.effective_due, now, zone))
        text.append("  (a quick 'how are you doing?')", style="dim")
    else:
        text.append("none planned", style="dim")
    if reflection.reframe:
        text.append("\n\nYour fairer view: ", style="bold")
        text.append(literal(reflection.reframe), style="italic")
    return text


class SummaryCard(VerticalScroll, can_focus=False):
    """Shown in place of the steps once the reflection is finished."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="step summary")
        self.border_title = "Finished"

    def compose(self) -> ComposeResult:
        yield Static(id="summary-body")
        with Center():
            yield Button("Done", id="summary-done", variant="success")

    def show(self, body: Text) -> None:
        self.query_one("#summary-body", Static).update(body)
