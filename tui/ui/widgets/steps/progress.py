"""The "Step 2 of 5" line over the wizard: where you are, and what's behind and ahead."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

STEP_NAMES: tuple[str, ...] = ("Not about you", "Feedback", "Stay positive", "Learn", "Move on")
FINISHED = 0


class StepProgress(Widget):
    """One line: the count, then the five steps with the current one highlighted.

    When the line is too narrow for every name (80 columns) only the current step keeps its name.
    """

    DEFAULT_CSS = """
    StepProgress {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    StepProgress > .step-progress--count {
        text-style: bold;
        color: $text-primary;
    }
    StepProgress > .step-progress--done {
        color: $text-success;
    }
    StepProgress > .step-progress--current {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    StepProgress > .step-progress--ahead {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES = {
        "step-progress--count",
        "step-progress--done",
        "step-progress--current",
        "step-progress--ahead",
    }

    step: reactive[int] = reactive(1)

    def _line(self, with_names: bool) -> Text:
        style = self.get_component_rich_style
        count = "Finished" if self.step == FINISHED else f"Step {self.step} of {len(STEP_NAMES)}"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(count, style=style("step-progress--count"))
        text.append("   ")
        for number, name in enumerate(STEP_NAMES, start=1):
            if number > 1:
                text.append(" › " if with_names else " ", style=style("step-progress--ahead"))
            if self.step == FINISHED or number < self.step:
                part, kind = (f"✓ {name}" if with_names else f"✓{number}"), "done"
            elif number == self.step:
                part, kind = f" {number} {name} ", "current"
            else:
                part, kind = (f"{number} {name}" if with_names else f" {number} "), "ahead"
            text.append(part, style=style(f"step-progress--{kind}"))
        return text

    def render(self) -> Text:
        full = self._line(with_names=True)
        if full.cell_len <= self.content_region.width or self.content_region.width == 0:
            return full
        return self._line(with_names=False)
