"""A one-line 1-5 mood picker: number keys pick, left/right step, a click picks too."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MOOD_WORDS: dict[int, str] = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "great"}


class MoodPicker(Widget, can_focus=True):
    """How someone feels right now, 1 (very low) to 5 (great); ``None`` until they choose."""

    DEFAULT_CSS = """
    MoodPicker {
        height: 1;
        width: auto;
        padding: 0 1;
        background: $surface;
    }
    MoodPicker:focus {
        background: $boost;
        text-style: bold;
    }
    MoodPicker > .mood-picker--choice {
        color: $text-muted;
    }
    MoodPicker > .mood-picker--selected {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {"mood-picker--choice", "mood-picker--selected"}

    BINDINGS = [
        *(Binding(str(n), f"pick({n})", f"Mood {n}", show=False) for n in range(1, 6)),
        Binding("left", "nudge(-1)", "Lower mood", show=False),
        Binding("right", "nudge(1)", "Higher mood", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        """The chosen mood changed (by key or click)."""

        def __init__(self, picker: MoodPicker, value: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> MoodPicker:
            return self.picker

    def __init__(self, value: int | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(MoodPicker.value, value)

    @staticmethod
    def _chunk(mood: int) -> str:
        return f" {mood} {MOOD_WORDS[mood]} "

    def render(self) -> Text:
        plain = self.get_component_rich_style("mood-picker--choice")
        chosen = self.get_component_rich_style("mood-picker--selected")
        text = Text(no_wrap=True, overflow="ellipsis")
        for mood in MOOD_WORDS:
            if mood > 1:
                text.append(" ")
            text.append(self._chunk(mood), style=chosen if mood == self.value else plain)
        return text

    def get_content_width(self, container: object, viewport: object) -> int:
        return sum(len(self._chunk(m)) for m in MOOD_WORDS) + len(MOOD_WORDS) - 1

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_pick(self, mood: int) -> None:
        self.value = mood

    def action_nudge(self, delta: int) -> None:
        """Step down or up; the first press from "not chosen" lands in the middle."""
        self.value = 3 if self.value is None else min(5, max(1, self.value + delta))

    def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for mood in MOOD_WORDS:
            width = len(self._chunk(mood))
            if 0 <= x < width:
                self.value = mood
                return
            x -= width + 1
