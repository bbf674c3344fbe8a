"""Step 3, "Stay positive": what went well, their own numbers as evidence, and a cue to let go."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static, TextArea

from ....domain.models import Application, Rejection, Reflection, Stage
from ....domain.stats import pipeline
from .common import ReflectionContext, StepPanel
from .text import literal, plain

LET_GO_CUE = (
    "Once it's written down, let the replay rest. Going over the interview again won't change "
    "the answer; anything worth keeping moves with you to the next step."
)


def _reached(stage: Stage) -> str:
    """Which of the three experiences the rejection came after: an interview, a call, or the application."""
    if stage.reached_interview:
        return "interview"
    return "call" if stage is Stage.SCREENING else "application"


def let_go_cue(stage: Stage) -> str:
    """The cue to stop replaying, naming what there is to replay (only an interview if there was one)."""
    replay = {
        "interview": "Going over the interview again",
        "call": "Replaying the call again",
        "application": "Reading your application over again",
    }[_reached(stage)]
    return (
        f"Once it's written down, let the replay rest. {replay} won't change the answer; "
        "anything worth keeping moves with you to the next step."
    )


def positive_intro(stage: Stage) -> str:
    if stage is Stage.FINAL_ROUND:
        return "Getting to the final round took real work. Before anything else, give yourself credit for it."
    getting = {
        "interview": "Getting to an interview took real work.",
        "call": "Getting to a call with them took real work.",
        "application": "A careful application takes real work.",
    }[_reached(stage)]
    return f"{getting} Before anything else, give yourself credit for it."


def went_well_label(stage: Stage) -> str:
    examples = {
        "interview": "the prep, a good answer, a connection you made…",
        "call": "the prep, how you told your story, a good question you asked…",
        "application": "the research, a line in your cover letter you like, a contact you reached…",
    }[_reached(stage)]
    return f"What went well? ({examples})"


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def evidence_text(applications: tuple[Application, ...] | list[Application], rejection: Rejection) -> Text:
    """Their own numbers, as the counter-evidence to "I'm not good enough"."""
    figures = pipeline(applications)
    text = Text()
    if figures.interviews:
        text.append("You have been picked to interview ", style="")
        text.append(_times(figures.interviews), style="bold")
        text.append(" out of ")
        text.append(_plural(figures.total, "application"), style="bold")
        text.append(
            ". Each of those was a shortlist: among other qualified people, someone read "
            "your application and wanted to meet you."
            if figures.interviews > 1
            else ". That was a shortlist: among other qualified people, someone read your "
            "application and wanted to meet you."
        )
    else:
        text.append("You have sent ")
        text.append(_plural(figures.total, "application"), style="bold")
        text.append(
            " so far. Each one is practice at telling your story, and a first "
            "'let's talk' often follows a quiet stretch."
        )
    if rejection.stage.reached_interview:
        text.append("\nThis time you reached the ")
        text.append(rejection.stage.label.lower(), style="bold")
        text.append(" stage: further than most people who applied.")
    if figures.offers:
        text.append("\nAnd you have had ")
        text.append(_plural(figures.offers, "offer"), style="bold")
        text.append(" along the way.")
    return text


class PositiveStep(StepPanel):
    NUMBER = 3
    TITLE = "Stay positive"
    INTRO = "Getting this far took real work. Before anything else, give yourself credit for it."

    def compose(self) -> ComposeResult:
        yield from self.compose_intro()
        yield Label(went_well_label(Stage.INTERVIEW), id="went-well-label", classes="field-label", markup=False)
        yield TextArea(id="went-well", placeholder="Something you'd do again", classes="medium-text")
        yield Static(id="evidence", classes="evidence")
        yield Static(LET_GO_CUE, id="let-go", classes="muted cue", markup=False)

    def load(self, draft: Reflection, ctx: ReflectionContext) -> None:
        self.query_one("#went-well", TextArea).text = literal(draft.went_well)
        self.refresh_context(ctx)

    def _show_stage_words(self, stage: Stage) -> None:
        """Intro, question and cue name what this rejection came after: never an interview that wasn't."""
        self.query_one(".step-intro", Static).update(plain(positive_intro(stage)))
        self.query_one("#went-well-label", Label).update(plain(went_well_label(stage)))
        self.query_one("#let-go", Static).update(plain(let_go_cue(stage)))

    def refresh_context(self, ctx: ReflectionContext) -> None:
        self._show_stage_words(ctx.rejection.stage)
        self.query_one("#evidence", Static).update(evidence_text(ctx.applications, ctx.rejection))

    def collect(self, draft: Reflection) -> Reflection:
        return replace(draft, went_well=self.query_one("#went-well", TextArea).text.strip())
