"""What every reflection step shares: the data it reads, and load/collect for its answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ....domain.models import ActionItem, Application, Reflection, Rejection
from .text import one_line, plain


@dataclass(frozen=True)
class ReflectionContext:
    """The records around one reflection, read once per redraw by the screen."""

    rejection: Rejection
    application: Application | None
    applications: tuple[Application, ...]
    actions: dict[int, ActionItem]
    now: datetime
    zone: tzinfo
    your_name: str = ""  # Settings.your_name: signs the feedback email

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    @property
    def company(self) -> str:
        """The company as one literal line (for sentences and origins)."""
        name = one_line(self.application.company) if self.application else ""
        return name or "this company"


class StepPanel(VerticalScroll, can_focus=False):
    """One step of the wizard: a scrollable, centred panel with a warm intro line.

    ``load`` fills the fields once from the saved reflection; ``refresh_context`` updates only
    what comes from other records (so nothing being typed is overwritten); ``collect`` writes
    the fields back into a reflection.
    """

    NUMBER: ClassVar[int] = 0
    TITLE: ClassVar[str] = ""
    INTRO: ClassVar[str] = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="step")
        self.border_title = f"{self.NUMBER}. {self.TITLE}"

    def compose_intro(self) -> ComposeResult:
        yield Static(plain(self.INTRO), classes="step-intro")

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        """Fill the fields from the saved answers (called once, after mount)."""

    def refresh_context(self, ctx: ReflectionContext) -> None:
        """Other records changed (feedback state, numbers, actions): update what shows them."""

    def collect(self, draft: Reflection) -> Reflection:
        """The reflection with this step's answers written in."""
        return draft

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return


class StepEdited(Message):
    """A step changed an answer outside the standard input widgets (e.g. removed a lesson)."""
