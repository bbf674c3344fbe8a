"""What the rules produce and read: reminders, notices, plans, keys, and the topics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from ..models import ActionItem, Application, CheckIn, CheckInKind, Rejection
from .local_time import elapsed_phrase, _UTC


#: A reminder "fell due while you were away" when it is raised more than this long after its
#: due time: nothing was running to raise it on time (laptop asleep, app closed, no timer), or
#: quiet hours / a skipped weekend / the daily cap held it back. The systemd timer runs every
#: 15 minutes and the app checks every minute, so 30 minutes only catches real absences.
AWAY_GRACE = timedelta(minutes=30)

#: Anything due longer ago than this is only ever mentioned in a digest, never raised alone:
#: a week-old nudge arriving on its own reads like an alarm, not a reminder.
STALE_AFTER = timedelta(days=7)

#: Check-in intervals are spread by up to this fraction either way, so a run of check-ins made
#: on the same evening does not come back as one bunch.
JITTER = 0.10

#: Claim-key prefix that marks one prompt shown (a single reminder or a digest); the daily cap
#: counts these. Reminder keys themselves never start with it.
PROMPT_PREFIX = "prompt:"

#: How many digest lines to list before "and N more".
DIGEST_LINES = 5

LADDER_TOPIC = "ladder"

TOPIC_FEEDBACK_REQUEST = "feedback-request"

TOPIC_FEEDBACK_NUDGE = "feedback-nudge"

TOPIC_FEEDBACK_MOVE_ON = "feedback-move-on"

TOPIC_FOLLOW_UP = "follow-up"

TOPIC_MOVE_ON = "move-on"

# Within one subject, a later rule makes an earlier one moot once it is due (no point asking
# to follow up when the move-on question is already due).
_RANK = {
    TOPIC_FEEDBACK_REQUEST: 0,
    TOPIC_FEEDBACK_NUDGE: 1,
    TOPIC_FEEDBACK_MOVE_ON: 2,
    TOPIC_FOLLOW_UP: 0,
    TOPIC_MOVE_ON: 1,
}

#: The kind of prompt each topic makes (for rows that record an action on a rule reminder).
KIND_BY_TOPIC = {
    LADDER_TOPIC: CheckInKind.CHECK_IN,
    TOPIC_FEEDBACK_REQUEST: CheckInKind.FOLLOW_UP,
    TOPIC_FEEDBACK_NUDGE: CheckInKind.FOLLOW_UP,
    TOPIC_FEEDBACK_MOVE_ON: CheckInKind.MOVE_ON,
    TOPIC_FOLLOW_UP: CheckInKind.FOLLOW_UP,
    TOPIC_MOVE_ON: CheckInKind.MOVE_ON,
}


@dataclass(frozen=True)
class Reminder:
    """One thing to tell the person, with a key that is stable per subject and occurrence.

    ``key`` examples: ``rejection:4:feedback-request``, ``application:7:follow-up:applied:
    2026-03-02`` and ``application:7:move-on:interview:20260305T140000Z`` (the occurrence is
    the start of the silence), ``checkin:12`` and, after a snooze, ``checkin:12@20260303T080000Z``. ``title`` and ``body`` are plain text.
    """

    key: str
    kind: CheckInKind
    title: str
    body: str
    due_at: datetime
    topic: str
    application_id: int | None = None
    rejection_id: int | None = None
    checkin_id: int | None = None
    #: A small action from the board to suggest (after a low mood), if any.
    action_id: int | None = None
    #: The local day of the real last event the body counts from (applied, stage change,
    #: follow-up sent, feedback asked), and whether the rule counts working days. With
    #: ``body_parts`` (the text before and after the count) :func:`reminders_for` restates the
    #: count as of when the prompt is shown, so it never repeats a number that has gone stale.
    since: date | None = None
    since_working_days: bool = False
    body_parts: tuple[str, str] | None = None

    def as_of(self, moment: datetime, zone: tzinfo) -> Reminder:
        """This reminder with its day count true at ``moment`` (never earlier than its due time)."""
        if self.since is None or self.body_parts is None:
            return self
        day = max(moment, self.due_at).astimezone(zone).date()
        before, after = self.body_parts
        body = before + elapsed_phrase(self.since, day, self.since_working_days) + after
        return self if body == self.body else replace(self, body=body)

    @property
    def base_key(self) -> str:
        """The key without a snooze suffix: what the person acts on."""
        return self.key.partition("@")[0]

    @property
    def is_checkin(self) -> bool:
        return self.kind is CheckInKind.CHECK_IN


@dataclass(frozen=True)
class ReminderData:
    """Everything the rules read, as plain sequences of records."""

    applications: Sequence[Application] = ()
    rejections: Sequence[Rejection] = ()
    checkins: Sequence[CheckIn] = ()
    actions: Sequence[ActionItem] = ()


@dataclass(frozen=True)
class Notice:
    """One prompt to show: a single reminder, or a digest of several."""

    key: str
    title: str
    body: str
    reminders: tuple[Reminder, ...]
    is_digest: bool = False

    @property
    def prompt_key(self) -> str:
        """The claim that counts this prompt against the daily cap."""
        return PROMPT_PREFIX + self.key


@dataclass(frozen=True)
class Plan:
    """What to raise now, what is due but held back, and when to look again."""

    now: datetime
    notices: tuple[Notice, ...] = ()
    #: Due and not yet raised, but held back (quiet hours, weekend, daily cap).
    held: tuple[Reminder, ...] = ()
    next_due: datetime | None = None
    #: Why ``held`` is not empty, in words (for logs and ``remind --once`` output).
    reason: str = ""

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return tuple(r for notice in self.notices for r in notice.reminders)


@dataclass(frozen=True)
class KeyInfo:
    """A reminder key taken apart (see :class:`Reminder`)."""

    key: str
    base: str
    subject: str  # "rejection", "application", "checkin" or "digest"
    subject_id: int | None
    topic: str
    snoozed_until: str = ""


def parse_key(key: str) -> KeyInfo:
    """Split a reminder key into subject, id and topic; raises ValueError for a foreign key."""
    base, _, snoozed = key.partition("@")
    parts = base.split(":")
    subject = parts[0]
    try:
        if subject == "checkin" and len(parts) == 2:
            return KeyInfo(key, base, subject, int(parts[1]), LADDER_TOPIC, snoozed)
        if subject in ("rejection", "application") and len(parts) >= 3:
            return KeyInfo(key, base, subject, int(parts[1]), parts[2], snoozed)
    except ValueError:
        pass
    if subject == "digest":
        return KeyInfo(key, base, subject, None, "digest", snoozed)
    raise ValueError(f"not a Next Round reminder key: {key!r}")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


def snoozed_key(base_key: str, until: datetime) -> str:
    """The key of a reminder raised again after a snooze: a new occurrence of the same thing."""
    return f"{base_key}@{_stamp(until)}"


def _company(app: Application | None) -> str:
    return app.company.strip() if app is not None and app.company.strip() else "that company"


class Subject(NamedTuple):
    """The rule prompts about one rejection or application, and the key of its last prompt:
    once that was raised (claimed), nothing is left to say about the subject."""

    last_prompt: str | None
    reminders: list[Reminder]
