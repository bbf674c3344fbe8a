"""The records of a job search, as plain frozen dataclasses.

Frozen so that a record read from the store can be cached and shared safely: an edit is
``dataclasses.replace`` plus a save. Each class converts itself to and from the JSON
dict kept in the store; unknown or missing keys fall back to defaults so that an older
or hand-edited file still loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self, TypeVar

from .record_codec import (  # noqa: F401 - re-exported: the value helpers are part of the records' API
    build_decoder,
    field_names,
    from_iso_date,
    from_iso_datetime,
    to_iso_date,
    to_utc_iso,
)


def _clean_mood(value: Any) -> int | None:
    if value is None or value == "":
        return None
    mood = int(value)
    if not 1 <= mood <= 5:
        raise ValueError(f"mood must be 1-5, got {mood}")
    return mood


# ---------------------------------------------------------------------------
# Enumerations


class Stage(StrEnum):
    # Saved to apply later: not sent, so no follow-ups and not counted as an application sent.
    WISHLIST = "wishlist"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEW = "interview"
    FINAL_ROUND = "final_round"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        """Still waiting on the employer (a reply can still come)."""
        return self in OPEN_STAGES

    @property
    def reached_interview(self) -> bool:
        return self in INTERVIEW_STAGES


OPEN_STAGES = frozenset({Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.FINAL_ROUND, Stage.OFFER})
INTERVIEW_STAGES = frozenset({Stage.INTERVIEW, Stage.FINAL_ROUND, Stage.OFFER, Stage.ACCEPTED})
OFFER_STAGES = frozenset({Stage.OFFER, Stage.ACCEPTED})
PIPELINE_ORDER: tuple[Stage, ...] = tuple(Stage)


class FeedbackState(StrEnum):
    NOT_ASKED = "not_asked"
    ASKED = "asked"
    RECEIVED = "received"
    NOT_COMING = "not_coming"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ActionStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"todo": "To do", "doing": "Doing", "done": "Done"}[self.value]


# Looking a member up on its enum class (``ActionStatus.DONE``) is a slow attribute lookup in
# Python 3.11; loops over every action use this name instead.
_DONE = ActionStatus.DONE


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Higher is more urgent; used for sorting (every card of the board: kept cheap)."""
        return _PRIORITY_RANK[self._value_]

    def cycled(self) -> Priority:
        order = [Priority.LOW, Priority.NORMAL, Priority.HIGH]
        return order[(order.index(self) + 1) % len(order)]


# A plain dict on the value: an enum's ``.value`` and a dict built per call cost more than the
# rest of a board's sort key.
_PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2}


class CheckInKind(StrEnum):
    CHECK_IN = "check_in"
    FOLLOW_UP = "follow_up"
    MOVE_ON = "move_on"

    @property
    def label(self) -> str:
        return {"check_in": "Check-in", "follow_up": "Follow-up", "move_on": "Move on"}[self.value]


class CheckInState(StrEnum):
    PENDING = "pending"
    NOTIFIED = "notified"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"

    @property
    def is_open(self) -> bool:
        return self in (CheckInState.PENDING, CheckInState.NOTIFIED, CheckInState.SNOOZED)


# ---------------------------------------------------------------------------
# Records


_DECODERS: dict[type, Callable[[dict[str, Any], int], Any] | None] = {}


class Record:
    """Shared conversion for the stored records.

    ``id`` is the TinyDB document id (0 until saved). Subclasses list their date and
    datetime fields so conversion stays declarative.
    """

    TABLE: ClassVar[str]
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset()
    DATE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            if f.name == "id":
                continue
            out[f.name] = self._encode(f.name, getattr(self, f.name))
        return out

    def _encode(self, name: str, value: Any) -> Any:
        if name in self.DATETIME_FIELDS:
            return to_utc_iso(value)
        if name in self.DATE_FIELDS:
            return to_iso_date(value)
        if isinstance(value, StrEnum):
            return value.value
        if isinstance(value, tuple):
            return [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
        return value

    @classmethod
    def from_dict(cls, data: dict[str, Any], id: int = 0) -> Self:
        try:
            decoder = _DECODERS[cls]
        except KeyError:
            decoder = _DECODERS[cls] = build_decoder(cls, Record)
        if decoder is None:
            return cls.from_dict_reference(data, id)
        return decoder(data, id)

    @classmethod
    def decoder(cls) -> Callable[[dict[str, Any], int], Self]:
        """``from_dict`` for many dicts in a row (the store's load): the same result, less overhead."""
        if cls not in _DECODERS:
            _DECODERS[cls] = build_decoder(cls, Record)
        return _DECODERS[cls] or cls.from_dict_reference  # type: ignore[return-value]

    @classmethod
    def from_dict_reference(cls, data: dict[str, Any], id: int = 0) -> Self:
        """The plain decoding that ``from_dict`` speeds up: the definition of the right result."""
        known = field_names(cls)
        kwargs: dict[str, Any] = {"id": int(id)}
        for name, value in data.items():
            if name in known:
                kwargs[name] = cls._decode(name, value)
        return cls(**kwargs)

    @classmethod
    def decode_field(cls, name: str, value: Any) -> Any:
        """One stored field's value as the record holds it (raises ValueError/TypeError when it
        can't be): what the store's validation checks each field with."""
        return cls._decode(name, value)

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name in cls.DATETIME_FIELDS:
            return from_iso_datetime(value)
        if name in cls.DATE_FIELDS:
            return from_iso_date(value)
        return value

    def with_changes(self, **changes: Any) -> Self:
        return replace(self, **changes)  # type: ignore[type-var]


R_ = TypeVar("R_", bound=Record)


# Kinds of timeline entry: a move to a stage, or a follow-up the person sent (stage unchanged).
ENTRY_STAGE = "stage"
ENTRY_FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class StageChange:
    """One dated event in an application's timeline: a stage change, or a follow-up sent."""

    stage: Stage
    at: datetime
    note: str = ""
    kind: str = ENTRY_STAGE

    def to_dict(self) -> dict[str, Any]:
        data = {"stage": self.stage.value, "at": to_utc_iso(self.at), "note": self.note}
        if self.kind != ENTRY_STAGE:
            data["kind"] = self.kind
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageChange:
        at = from_iso_datetime(data.get("at"))
        if at is None:
            raise ValueError("a stage change needs a time")
        return cls(
            stage=Stage(data.get("stage", "applied")),
            at=at,
            note=str(data.get("note", "")),
            kind=str(data.get("kind", ENTRY_STAGE)),
        )


@dataclass(frozen=True)
class Application(Record):
    TABLE: ClassVar[str] = "applications"
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "last_prompt_reset"})
    DATE_FIELDS: ClassVar[frozenset[str]] = frozenset({"applied_on"})

    company: str
    role: str = ""
    link: str = ""
    location: str = ""
    contact_name: str = ""
    contact_email: str = ""
    source: str = ""
    notes: str = ""
    applied_on: date | None = None
    stage: Stage = Stage.APPLIED
    timeline: tuple[StageChange, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # When the person last dismissed a follow-up/move-on prompt: restarts the silence clock.
    last_prompt_reset: datetime | None = None
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name == "stage":
            return Stage(value)
        if name == "timeline":
            return tuple(StageChange.from_dict(v) for v in (value or ()))
        return super()._decode(name, value)

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company}" if self.role else self.company

    @property
    def last_change(self) -> datetime | None:
        if self.timeline:
            return max(change.at for change in self.timeline)
        return self.created_at

    @property
    def ever_interviewed(self) -> bool:
        return self.stage.reached_interview or any(c.stage.reached_interview for c in self.timeline)

    def moved_to(self, stage: Stage, at: datetime, note: str = "") -> Application:
        """A copy at the new stage with the change appended to its timeline."""
        return replace(
            self,
            stage=stage,
            timeline=self.timeline + (StageChange(stage, at, note),),
            updated_at=at,
        )

    def followed_up(self, at: datetime, note: str = "") -> Application:
        """A copy with a follow-up on its timeline: the stage stays, the silence clock restarts."""
        entry = StageChange(self.stage, at, note, kind=ENTRY_FOLLOW_UP)
        return replace(self, timeline=self.timeline + (entry,), updated_at=at)

    @property
    def last_follow_up(self) -> datetime | None:
        """When the person last recorded a follow-up, if ever."""
        times = [c.at for c in self.timeline if c.kind == ENTRY_FOLLOW_UP]
        return max(times) if times else None


@dataclass(frozen=True)
class Rejection(Record):
    TABLE: ClassVar[str] = "rejections"
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset({"created_at", "closed_at"})
    DATE_FIELDS: ClassVar[frozenset[str]] = frozenset({"on", "feedback_asked_on", "feedback_received_on"})

    application_id: int
    on: date
    stage: Stage = Stage.APPLIED
    reason: str = ""
    feedback_state: FeedbackState = FeedbackState.NOT_ASKED
    feedback_asked_on: date | None = None
    feedback_received_on: date | None = None
    feedback_text: str = ""
    created_at: datetime | None = None
    # Set when the person has moved on from this one (the chapter is closed).
    closed_at: datetime | None = None
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name == "stage":
            return Stage(value)
        if name == "feedback_state":
            return FeedbackState(value)
        return super()._decode(name, value)

    @property
    def feedback_summary(self) -> str:
        if self.feedback_state is FeedbackState.ASKED and self.feedback_asked_on:
            return f"asked on {self.feedback_asked_on.isoformat()}"
        if self.feedback_state is FeedbackState.RECEIVED:
            return "received"
        return self.feedback_state.label


OUTSIDE_FACTORS: tuple[str, ...] = (
    "They went with an internal candidate",
    "The budget or the role changed",
    "Many strong people applied",
    "Timing: they needed someone sooner or later",
    "Team-fit preferences I could not see",
    "The role was filled before I was considered",
)


@dataclass(frozen=True)
class Lesson:
    """Something learned, and the action items it became."""

    text: str
    action_ids: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "action_ids": list(self.action_ids)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lesson:
        return cls(text=str(data.get("text", "")), action_ids=tuple(int(i) for i in data.get("action_ids", ())))


@dataclass(frozen=True)
class Reflection(Record):
    """The five-step reflection on one rejection; saved as it goes so it can be resumed."""

    TABLE: ClassVar[str] = "reflections"
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset({"started_at", "updated_at", "completed_at"})

    rejection_id: int
    step: int = 1
    mood_before: int | None = None
    mood_after: int | None = None
    outside_factors: tuple[str, ...] = ()
    other_factors: str = ""
    harsh_thought: str = ""
    reframe: str = ""
    ask_feedback: bool | None = None
    feedback_draft: str = ""
    went_well: str = ""
    lessons: tuple[Lesson, ...] = ()
    next_opportunities: tuple[int, ...] = ()
    closing_note: str = ""
    started_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name in ("mood_before", "mood_after"):
            return _clean_mood(value)
        if name == "outside_factors":
            return tuple(str(v) for v in (value or ()))
        if name == "lessons":
            return tuple(Lesson.from_dict(v) for v in (value or ()))
        if name == "next_opportunities":
            return tuple(int(v) for v in (value or ()))
        return super()._decode(name, value)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class ActionItem(Record):
    TABLE: ClassVar[str] = "actions"
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset({"created_at", "completed_at"})
    DATE_FIELDS: ClassVar[frozenset[str]] = frozenset({"due"})

    title: str
    status: ActionStatus = ActionStatus.TODO
    due: date | None = None
    priority: Priority = Priority.NORMAL
    # Where it came from, for the card: e.g. "Lesson: Acme (final round)".
    origin: str = ""
    reflection_id: int | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    notes: str = ""
    # The application this action is about (set from a reflection or a follow-up, or chosen).
    application_id: int | None = None
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name == "status":
            return ActionStatus(value)
        if name == "priority":
            return Priority(value)
        return super()._decode(name, value)

    def is_overdue(self, today: date) -> bool:
        return self.status is not _DONE and self.due is not None and self.due < today

    def moved_to(self, status: ActionStatus, now: datetime) -> ActionItem:
        return replace(self, status=status, completed_at=now if status is ActionStatus.DONE else None)


@dataclass(frozen=True)
class CheckIn(Record):
    """A scheduled prompt: a spaced check-in after a rejection, or a follow-up / move-on nudge."""

    TABLE: ClassVar[str] = "checkins"
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"due_at", "created_at", "answered_at", "snoozed_until", "notified_at"}
    )

    kind: CheckInKind
    due_at: datetime
    rejection_id: int | None = None
    application_id: int | None = None
    # What the prompt is about, e.g. "ladder", "feedback-request", "feedback-nudge".
    topic: str = "ladder"
    # Position in the spaced series (1 = first check-in) and the interval that led here.
    sequence: int = 0
    interval_days: float = 0.0
    state: CheckInState = CheckInState.PENDING
    mood: int | None = None
    note: str = ""
    created_at: datetime | None = None
    answered_at: datetime | None = None
    snoozed_until: datetime | None = None
    notified_at: datetime | None = None
    # For a row that records the person's answer to a rule-made reminder (snoozed, dismissed,
    # done), the key of that reminder: the rule stays quiet once a row names its key.
    reminder_key: str = ""
    # Set by the check-in ladder after a low mood (1-2): the prompt suggests one small action.
    suggest_action: bool = False
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name == "kind":
            return CheckInKind(value)
        if name == "state":
            return CheckInState(value)
        if name == "mood":
            return _clean_mood(value)
        return super()._decode(name, value)

    @property
    def effective_due(self) -> datetime:
        """When it should be raised: the snooze time if snoozed, else its due time."""
        if self.state is CheckInState.SNOOZED and self.snoozed_until is not None:
            return self.snoozed_until
        return self.due_at


def _default_follow_up_days() -> dict[str, int]:
    return {"applied": 7, "screening": 5, "interview": 5, "final_round": 5, "offer": 3}


def _default_move_on_days() -> dict[str, int]:
    return {"applied": 21, "screening": 18, "interview": 12, "final_round": 10, "offer": 10}


@dataclass(frozen=True)
class Settings(Record):
    """Every tunable default lives here (and in the README)."""

    TABLE: ClassVar[str] = "settings"

    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    # After a rejection: ask for feedback after N business days, nudge once after M, move on after K.
    feedback_request_business_days: int = 1
    feedback_nudge_business_days: int = 5
    feedback_window_business_days: int = 10
    # Applications with no reply: follow up after N days of silence, move on after M (per stage).
    # Interview stages count business days; applied counts calendar days.
    follow_up_days: dict[str, int] = field(default_factory=_default_follow_up_days)
    move_on_days: dict[str, int] = field(default_factory=_default_move_on_days)
    checkin_ladder: tuple[float, ...] = (1.0, 3.0, 7.0, 14.0, 30.0)
    checkin_max_days: float = 30.0
    max_prompts_per_day: int = 3
    skip_weekends: bool = False
    notifications: bool = True
    theme: str = "textual-dark"
    morning_hour: int = 9
    # Signs the feedback and follow-up emails; empty until the person gives it.
    your_name: str = ""
    id: int = 0

    @classmethod
    def _decode(cls, name: str, value: Any) -> Any:
        if name == "checkin_ladder":
            return tuple(float(v) for v in value)
        if name in ("follow_up_days", "move_on_days"):
            return {str(k): int(v) for k, v in dict(value).items()}
        return super()._decode(name, value)


RECORD_TYPES: tuple[type[Record], ...] = (Application, Rejection, Reflection, ActionItem, CheckIn)
