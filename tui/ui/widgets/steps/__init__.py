"""The five steps of the guided reflection, its progress line and the closing summary card."""

from .common import ReflectionContext, StepEdited, StepPanel
from .feedback import FeedbackStep
from .learn import LearnStep
from .move_on import MoveOnStep
from .perspective import PerspectiveStep
from .positive import PositiveStep
from .progress import StepProgress
from .summary import SummaryCard, summary_text

__all__ = [
    "FeedbackStep",
    "LearnStep",
    "MoveOnStep",
    "PerspectiveStep",
    "PositiveStep",
    "ReflectionContext",
    "StepEdited",
    "StepPanel",
    "StepProgress",
    "SummaryCard",
    "summary_text",
]
