"""When Next Round should reach out, and with what: pure rules of the data, ``now`` and a zone.

Nothing here reads the clock, the store or the environment, so every rule can be tested with
a fixed ``now`` and the same inputs always give the same reminders (the exactly-once machinery
relies on that: a reminder's ``key`` names its subject and occurrence and never depends on
when it is computed).

Three sources of reminders:

* rules about a rejection: ask for feedback, one nudge after asking, and a move-on question
  after the feedback window (it asks; closing is the person's choice);
* rules about an application that went quiet: a follow-up prompt, then a move-on prompt;
  the silence clock starts at the later of the last stage change and the last dismissal;
* stored :class:`CheckIn` rows: the spaced check-in ladder after a rejection, and rows that
  record a snooze/dismissal/done of a rule reminder (``CheckIn.reminder_key``).

:func:`plan` turns them into what to raise *now* (quiet hours, weekends, the daily cap and
the "while you were away" digest), :func:`next_due` says when to look again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import NamedTuple

from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from .dates import add_business_days
from .models import (
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    ENTRY_FOLLOW_UP,
    Rejection,
    Settings,
    Stage,
)

# ---------------------------------------------------------------------------
# Constants (documented behaviour, not settings)

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

_UTC = timezone.utc

#: The kind of prompt each topic makes (for rows that record an action on a rule reminder).
KIND_BY_TOPIC = {
    LADDER_TOPIC: CheckInKind.CHECK_IN,
    TOPIC_FEEDBACK_REQUEST: CheckInKind.FOLLOW_UP,
    TOPIC_FEEDBACK_NUDGE: CheckInKind.FOLLOW_UP,
    TOPIC_FEEDBACK_MOVE_ON: CheckInKind.MOVE_ON,
    TOPIC_FOLLOW_UP: CheckInKind.FOLLOW_UP,
    TOPIC_MOVE_ON: CheckInKind.MOVE_ON,
}


# ---------------------------------------------------------------------------
# Records


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


# ---------------------------------------------------------------------------
# Local time (all wall-clock reasoning happens in the person's zone)


_LOCAL_MEMO: dict[tuple[date, time, int], tuple[tzinfo, datetime]] = {}


def _local_moment(day: date, clock: time, zone: tzinfo) -> datetime:
    """``day`` at ``clock`` on the person's wall clock, as UTC; a time skipped by DST moves forward.

    An ambiguous time (the repeated hour in autumn) is its first occurrence. Memoised per
    zone object: a store has many records on the same days, and zone arithmetic with the
    system's local zone is slow enough to show on a large store.
    """
    memo_key = (day, clock, id(zone))
    hit = _LOCAL_MEMO.get(memo_key)
    if hit is not None and hit[0] is zone:
        return hit[1]
    moment = datetime.combine(day, clock, tzinfo=zone)
    result = moment.astimezone(_UTC)
    if result.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        # The wall time does not exist (skipped when the clocks went forward). Imported here:
        # dateutil.tz costs 15 ms to import (it loads ctypes), on every start of `remind`.
        from dateutil import tz as dateutil_tz

        result = dateutil_tz.resolve_imaginary(moment).astimezone(_UTC)
    if len(_LOCAL_MEMO) > 8192:
        _LOCAL_MEMO.clear()
    _LOCAL_MEMO[memo_key] = (zone, result)  # the zone is kept alive, so its id is not reused
    return result


class _WorkingDays:
    """Working days (Mon-Fri) from one dateutil rrule expansion, looked up by bisection.

    ``dates.add_business_days`` walks an rrule per call; a large store needs about a thousand
    such answers per run, so this expands the rule once over the range in use and indexes it.
    Same answers (a property test checks), a fraction of the time. Deterministic and
    side-effect free apart from the memo, so the module stays pure.
    """

    _MARGIN = timedelta(days=366)

    def __init__(self) -> None:
        self._span: tuple[date, date, list[date]] = (date.max, date.min, [])

    def after(self, start: date, days: int) -> date:
        need_end = start + timedelta(days=days * 7 // 5 + 7)
        lo, hi, table = self._span
        if start < lo or need_end > hi:
            lo = min(lo, start) - self._MARGIN
            hi = max(hi, need_end) + self._MARGIN
            rule = rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), dtstart=datetime.combine(lo, time()),
                         until=datetime.combine(hi, time()))
            table = [moment.date() for moment in rule]
            self._span = (lo, hi, table)  # one assignment: safe for concurrent readers
        return table[bisect_right(table, start) + days - 1]


_working_days = _WorkingDays()


def _business_day_after(start: date, days: int) -> date:
    """The working day ``days`` after ``start`` (what ``dates.add_business_days`` answers)."""
    if days <= 0:
        return start
    try:
        return _working_days.after(start, days)
    except (OverflowError, IndexError, ValueError):  # the far edges of the calendar
        return add_business_days(datetime.combine(start, time()), days).date()


def _add_business_days(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """``days`` working days after ``moment`` at the same wall-clock time, weekends in ``zone``."""
    local = moment.astimezone(zone)
    if days <= 0:
        return moment.astimezone(_UTC)
    return _local_moment(_business_day_after(local.date(), days), local.time().replace(tzinfo=None), zone)


def _wall_add(moment: datetime, delta: timedelta, zone: tzinfo) -> datetime:
    """Add ``delta`` on the wall clock (a day is a calendar day across a DST change)."""
    local = moment.astimezone(zone).replace(tzinfo=None) + delta
    return _local_moment(local.date(), local.time(), zone)


def _parse_hhmm(text: str, fallback: time) -> time:
    try:
        hours, minutes = str(text).strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return fallback


def quiet_window(settings: Settings) -> tuple[time, time] | None:
    """(start, end) of quiet hours, or None when they are off (start equals end)."""
    start = _parse_hhmm(settings.quiet_start, time(21, 0))
    end = _parse_hhmm(settings.quiet_end, time(8, 0))
    return None if start == end else (start, end)


def in_quiet_hours(now: datetime, settings: Settings, zone: tzinfo) -> bool:
    """Is ``now`` inside quiet hours on the person's wall clock? The window may cross midnight."""
    window = quiet_window(settings)
    if window is None:
        return False
    start, end = window
    wall = now.astimezone(zone).time()
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def _quiet_end_after(moment: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """The end of the quiet hours that contain ``moment``."""
    window = quiet_window(settings)
    assert window is not None
    start, end = window
    local = moment.astimezone(zone)
    day = local.date()
    if start > end and local.time() >= start:  # the evening part of a window crossing midnight
        day += timedelta(days=1)
    result = _first_instant_at(day, end, zone)
    if result <= moment:
        # The clocks went back and ``moment`` is in the repeated hour, before ``end``'s second
        # showing: quiet hours end when the wall clock reads ``end`` again.
        result = datetime.combine(day, end, tzinfo=zone).replace(fold=1).astimezone(_UTC)
    return result if result > moment else moment + timedelta(minutes=1)


def _first_instant_at(day: date, clock: time, zone: tzinfo) -> datetime:
    """The first instant at which the wall clock on ``day`` reads ``clock`` or later.

    Usually just that wall time; when the clocks skip over it (spring forward), it is the
    moment of the jump (quiet hours "until 02:30" end at 03:00 when 02:00 becomes 03:00),
    not ``clock`` shifted by the gap.
    """
    result = _local_moment(day, clock, zone)
    naive = datetime.combine(day, clock)
    if result.astimezone(zone).replace(tzinfo=None) == naive:
        return result
    # Bisect whole seconds: the wall clock reads < clock at base + lo and >= clock at base + hi.
    base = result - timedelta(hours=3)
    lo, hi = 0, 3 * 3600
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (base + timedelta(seconds=mid)).astimezone(zone).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return base + timedelta(seconds=hi)


def is_weekend(moment: datetime, zone: tzinfo) -> bool:
    return moment.astimezone(zone).weekday() >= 5


def is_allowed(moment: datetime, settings: Settings, zone: tzinfo) -> bool:
    """May a prompt be raised at ``moment``: outside quiet hours, and not a skipped weekend."""
    if settings.skip_weekends and is_weekend(moment, zone):
        return False
    return not in_quiet_hours(moment, settings, zone)


def next_allowed_time(t: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """The first moment at or after ``t`` when a prompt may be raised.

    Inside quiet hours that is their end (on the wall clock, so it is 08:00 on the day the
    clocks change too); on a weekend with ``skip_weekends`` it is Monday, then past its quiet
    hours.
    """
    moment = t
    for _ in range(8):
        if settings.skip_weekends and is_weekend(moment, zone):
            local = moment.astimezone(zone)
            monday = local.date() + timedelta(days=7 - local.weekday())
            moment = _first_instant_at(monday, time(0, 0), zone)
            continue
        if in_quiet_hours(moment, settings, zone):
            moment = _quiet_end_after(moment, settings, zone)
            continue
        return moment
    return moment


def start_of_next_day(now: datetime, zone: tzinfo) -> datetime:
    """Local midnight after ``now``: when the daily prompt count starts again."""
    return _local_moment(now.astimezone(zone).date() + timedelta(days=1), time(0, 0), zone)


# ---------------------------------------------------------------------------
# Snooze helpers


def in_one_hour(now: datetime) -> datetime:
    return now + timedelta(hours=1)


def tomorrow_morning(now: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """``settings.morning_hour`` on the coming morning.

    Between midnight and 04:00 "tomorrow morning" means the morning about to come (people
    still up at 1 a.m. count that as tonight); otherwise the next calendar day.
    """
    local = now.astimezone(zone)
    day = local.date() if local.hour < 4 and local.hour < settings.morning_hour else local.date() + timedelta(days=1)
    return _local_moment(day, time(settings.morning_hour % 24, 0), zone)


# ---------------------------------------------------------------------------
# The check-in ladder


def jitter_factor(key: str, spread: float = JITTER) -> float:
    """A factor in [1 - spread, 1 + spread) fixed by ``key``.

    A hash rather than ``random()`` so that recomputing a check-in (another process, a test,
    a replay) always lands on the same time.
    """
    import hashlib  # here, not at the top: loading OpenSSL costs every `remind --once` ~6 ms

    digest = hashlib.sha256(key.encode("utf-8")).digest()
    unit = int.from_bytes(digest[:8], "big") / 2**64
    return 1.0 - spread + 2.0 * spread * unit


def ladder_interval(
    previous: CheckIn | None, mood: int | None, settings: Settings
) -> tuple[int, float]:
    """(sequence, base interval in days) of the next check-in, before jitter.

    Mood 1-2 brings the next one back to 1 day; 3 grows the last interval by 1.5x; 4-5 by
    2.5x; no mood (skipped) follows the nominal ladder. Capped at ``checkin_max_days``.
    """
    ladder = tuple(settings.checkin_ladder) or (1.0, 3.0, 7.0, 14.0, 30.0)
    sequence = 1 if previous is None else max(previous.sequence, 0) + 1
    nominal = float(ladder[min(sequence - 1, len(ladder) - 1)])
    if mood is not None and mood <= 2:
        base = 1.0
    elif previous is None or mood is None:
        base = nominal
    else:
        last = previous.interval_days or float(ladder[min(max(previous.sequence, 1) - 1, len(ladder) - 1)])
        base = last * (1.5 if mood == 3 else 2.5)
    return sequence, max(min(base, float(settings.checkin_max_days)), 0.0)


def next_checkin(
    previous: CheckIn | None,
    mood: int | None,
    rejection: Rejection,
    settings: Settings,
    now: datetime,
    zone: tzinfo,
) -> CheckIn | None:
    """The next spaced check-in after ``previous`` was answered with ``mood`` at ``now``.

    ``previous=None`` starts the series (first interval ``checkin_ladder[0]``). Returns None
    when the series ends: the person has moved on (``rejection.closed_at``) and feels good
    (mood 4 or 5). The due time is jittered (about 10%, fixed per check-in), capped, moved
    out of quiet hours, and past the weekend when ``skip_weekends`` is on.
    """
    if mood is not None and mood >= 4 and rejection.closed_at is not None:
        return None
    sequence, base = ladder_interval(previous, mood, settings)
    factor = jitter_factor(f"ladder:{rejection.id}:{sequence}")
    days = min(base * factor, float(settings.checkin_max_days))
    due = _wall_add(now, timedelta(days=days), zone)
    due = next_allowed_time(due, settings, zone)
    return CheckIn(
        kind=CheckInKind.CHECK_IN,
        due_at=due,
        rejection_id=rejection.id,
        application_id=rejection.application_id,
        topic=LADDER_TOPIC,
        sequence=sequence,
        interval_days=round(base, 4),
        state=CheckInState.PENDING,
        created_at=now,
        suggest_action=mood is not None and mood <= 2,
    )


def rejection_started(rejection: Rejection, settings: Settings, zone: tzinfo) -> datetime:
    """When the person learnt of the rejection: its record time, else its date at morning."""
    if rejection.created_at is not None:
        return rejection.created_at
    return _local_moment(rejection.on, time(settings.morning_hour % 24), zone)


def ladder_series(checkins: Iterable[CheckIn]) -> set[int]:
    """Ids of the rejections that have (or had) a check-in series."""
    return {c.rejection_id for c in checkins if c.topic == LADDER_TOPIC and c.rejection_id is not None}


def missing_ladders(
    rejections: Iterable[Rejection],
    with_series: Collection[int],
    settings: Settings,
    now: datetime,
    zone: tzinfo,
) -> list[CheckIn]:
    """First check-ins for recent rejections that have no check-in series yet.

    ``with_series``: rejection ids that already have one (see :func:`ladder_series`). Only
    rejections not yet closed and learnt of within ``checkin_max_days``: starting a "how are
    you doing?" series about something from months ago would be odd.
    """
    out: list[CheckIn] = []
    horizon = now - timedelta(days=float(settings.checkin_max_days))
    for rejection in rejections:
        if rejection.id in with_series or rejection.closed_at is not None:
            continue
        started = rejection_started(rejection, settings, zone)
        if started < horizon or started > now + timedelta(days=1):
            continue
        first = next_checkin(None, None, rejection, settings, started, zone)
        if first is not None:
            out.append(first.with_changes(created_at=now))
    return out


# ---------------------------------------------------------------------------
# The rules


def _company(app: Application | None) -> str:
    return app.company.strip() if app is not None and app.company.strip() else "that company"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _stage_event(stage: Stage) -> str:
    return {
        Stage.APPLIED: "you applied",
        Stage.SCREENING: "your screening call",
        Stage.INTERVIEW: "your interview",
        Stage.FINAL_ROUND: "your final round",
        Stage.OFFER: "the offer",
    }.get(stage, "your last contact")


def working_days_between(start: date, end: date) -> int:
    """Working days (Mon-Fri) after ``start`` up to and including ``end``; 0 if ``end <= start``.

    The count the business-day rules use: Thursday to the next Thursday is 5.
    """
    if end <= start:
        return 0
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def elapsed_phrase(since: date, today: date, working_days: bool) -> str:
    """``14 days`` / ``1 working day`` from ``since`` to ``today``, as the rule counts them."""
    if working_days:
        return _plural(working_days_between(since, today), "working day")
    days = (today - since).days
    return "less than a day" if days <= 0 else _plural(days, "day")


def _counted(before: str, after: str, since: date, due: datetime, working: bool, zone: tzinfo) -> dict[str, object]:
    """The body and the parts :meth:`Reminder.as_of` restates, counted at the due time."""
    count = elapsed_phrase(since, due.astimezone(zone).date(), working)
    return {
        "body": before + count + after,
        "since": since,
        "since_working_days": working,
        "body_parts": (before, after),
    }


def _rejection_reminders(
    rejection: Rejection,
    app: Application | None,
    settings: Settings,
    zone: tzinfo,
    settled: Collection[str] = (),
) -> Subject:
    subject = f"rejection:{rejection.id}"
    last_prompt = f"{subject}:{TOPIC_FEEDBACK_MOVE_ON}"
    if last_prompt in settled:
        return Subject(last_prompt, [])
    state = rejection.feedback_state
    # Closing the reflection closes the emotional chapter, not the feedback thread: feedback
    # already asked for keeps its nudge and its "not coming, close it?" question until it is
    # received or marked not coming. Only the offer to ask ends with the chapter.
    if rejection.closed_at is not None and state is not FeedbackState.ASKED:
        return Subject(last_prompt, [])
    company = _company(app)
    morning = time(settings.morning_hour % 24)
    decided = _local_moment(rejection.on, morning, zone)
    common = {"application_id": rejection.application_id, "rejection_id": rejection.id}
    out: list[Reminder] = []
    if state is FeedbackState.NOT_ASKED:
        due = _add_business_days(decided, settings.feedback_request_business_days, zone)
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_REQUEST}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Ask {company} for feedback?",
                body=(
                    f"Now that a little time has passed since {company} said no, you could send one "
                    "short, friendly note asking what would have made the difference. Once is enough, "
                    "and skipping it is fine too."
                ),
                due_at=due,
                topic=TOPIC_FEEDBACK_REQUEST,
                **common,
            )
        )
    asked_on = rejection.feedback_asked_on
    if state is FeedbackState.ASKED and asked_on is not None:
        asked = _local_moment(asked_on, morning, zone)
        due = _add_business_days(asked, settings.feedback_nudge_business_days, zone)
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_NUDGE}:{asked_on.isoformat()}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Heard back from {company}?",
                due_at=due,
                topic=TOPIC_FEEDBACK_NUDGE,
                **_counted(
                    f"You asked {company} for feedback on {asked_on:%a %d %b}, ",
                    " ago. If nothing has arrived, one gentle follow-up is reasonable. After that, "
                    "their silence says more about their process than about you.",
                    asked_on,
                    due,
                    True,
                    zone,
                ),
                **common,
            )
        )
    if state in (FeedbackState.NOT_ASKED, FeedbackState.ASKED):
        was_asked = state is FeedbackState.ASKED and asked_on is not None
        window_start = asked if was_asked else decided
        due = _add_business_days(window_start, settings.feedback_window_business_days, zone)
        since_event = "you asked for feedback" if was_asked else f"{company} said no"
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_MOVE_ON}",
                kind=CheckInKind.MOVE_ON,
                title=f"Ready to close the {company} chapter?",
                due_at=due,
                topic=TOPIC_FEEDBACK_MOVE_ON,
                **_counted(
                    "No reply has come in the ",
                    f" since {since_event}. Would you like to mark feedback as not coming and move "
                    "on? Nothing changes unless you choose it.",
                    asked_on if was_asked and asked_on is not None else rejection.on,
                    due,
                    True,
                    zone,
                ),
                **common,
            )
        )
    return Subject(last_prompt, out)


class _Silence(NamedTuple):
    """The current silence of an application: when its clock started, the occurrence token,
    and the real last event it follows (what a prompt may truthfully count from)."""

    start: datetime
    token: str
    event_day: date
    event: str


def _silence(app: Application, settings: Settings, zone: tzinfo) -> _Silence | None:
    """The current silence; see :func:`silence_started`.

    The token names the start by its stored source (a date or a UTC time), never by the
    computed local time, so changing the morning hour or travelling to another zone does not
    turn an already raised prompt into a "new" one.
    """
    morning = time(settings.morning_hour % 24)
    started: datetime | None = None
    token = ""
    event_day: date | None = None
    event = _stage_event(app.stage)
    if app.stage is Stage.APPLIED and app.applied_on is not None:
        started = _local_moment(app.applied_on, morning, zone)
        token = f"applied:{app.applied_on.isoformat()}"
        event_day = app.applied_on
    else:
        changes = [c.at for c in app.timeline if c.stage is app.stage and c.kind != ENTRY_FOLLOW_UP]
        entered = max(changes) if changes else app.last_change
        if entered is not None:
            started = entered
            token = f"{app.stage.value}:{_stamp(started)}"
            event_day = started.astimezone(zone).date()
        elif app.applied_on is not None:
            started = _local_moment(app.applied_on, morning, zone)
            token = f"{app.stage.value}:{app.applied_on.isoformat()}"
            event_day = app.applied_on
    followed = app.last_follow_up
    if followed is not None and (started is None or followed > started):
        # A follow-up the person sent is a real event: the silence (and the count) starts there.
        started = followed
        token = f"{app.stage.value}:{_stamp(started)}"
        event_day = followed.astimezone(zone).date()
        event = "you followed up"
    if app.last_prompt_reset is not None and (started is None or app.last_prompt_reset > started):
        # A dismissal or "Done" restarts the clock but is no event to count from: the count
        # stays with the real last event, so the next prompt states the true, longer silence.
        started = app.last_prompt_reset
        token = f"{app.stage.value}:{_stamp(started)}"
        if event_day is None:
            event_day = started.astimezone(zone).date()
    if started is None or event_day is None:
        return None
    return _Silence(started, token, event_day, event)


def silence_started(app: Application, settings: Settings, zone: tzinfo) -> datetime | None:
    """When the current silence began: the later of entering this stage and the last dismissal.

    Entering the stage is its latest timeline entry; for ``applied`` the applied-on date (at
    the morning hour) wins, since people often record an application days after sending it.
    """
    found = _silence(app, settings, zone)
    return found.start if found is not None else None


def _after_silence(start: datetime, stage: Stage, days: int, zone: tzinfo) -> datetime:
    """``days`` after ``start``: calendar days while only applied, business days after that."""
    if stage is Stage.APPLIED:
        return _wall_add(start, timedelta(days=days), zone)
    return _add_business_days(start, days, zone)


def _application_reminders(
    app: Application, settings: Settings, zone: tzinfo, settled: Collection[str] = ()
) -> Subject:
    if not app.stage.is_open:
        return Subject(None, [])
    silence = _silence(app, settings, zone)
    if silence is None:
        return Subject(None, [])
    start, occurrence = silence.start, silence.token
    last_prompt = f"application:{app.id}:{TOPIC_MOVE_ON}:{occurrence}"
    if last_prompt in settled:
        return Subject(last_prompt, [])  # the last prompt of this silence was raised: nothing is left to say
    company = _company(app)
    what = app.title.strip() or company
    working = app.stage is not Stage.APPLIED
    out: list[Reminder] = []
    follow = settings.follow_up_days.get(app.stage.value)
    if follow is not None and follow > 0:
        due = _after_silence(start, app.stage, follow, zone)
        out.append(
            Reminder(
                key=f"application:{app.id}:{TOPIC_FOLLOW_UP}:{occurrence}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Follow up with {company}?",
                due_at=due,
                topic=TOPIC_FOLLOW_UP,
                application_id=app.id,
                **_counted(
                    "It has been ",
                    f" since {silence.event} for {what}. A brief, friendly note asking where "
                    "things stand is normal and often welcome.",
                    silence.event_day,
                    due,
                    working,
                    zone,
                ),
            )
        )
    move_on = settings.move_on_days.get(app.stage.value)
    if move_on is not None and move_on > 0:
        due = _after_silence(start, app.stage, move_on, zone)
        out.append(
            Reminder(
                key=f"application:{app.id}:{TOPIC_MOVE_ON}:{occurrence}",
                kind=CheckInKind.MOVE_ON,
                title=f"Still no word from {company}?",
                due_at=due,
                topic=TOPIC_MOVE_ON,
                application_id=app.id,
                **_counted(
                    f"Nothing has come back about {what} in the ",
                    f" since {silence.event}. You could mark it as ghosted and give your energy to "
                    "what comes next, or dismiss this to keep waiting.",
                    silence.event_day,
                    due,
                    working,
                    zone,
                ),
            )
        )
    return Subject(last_prompt, out)


def suggested_action(actions: Iterable[ActionItem], today: date) -> ActionItem | None:
    """One small step from the board for a hard day: already started, then overdue, then urgent."""
    open_items = [a for a in actions if a.status is not ActionStatus.DONE]
    if not open_items:
        return None
    return min(
        open_items,
        key=lambda a: (
            a.status is not ActionStatus.DOING,
            not a.is_overdue(today),
            -a.priority.rank,
            a.due or date.max,
            a.id,
        ),
    )


def _checkin_reminder(
    row: CheckIn,
    app: Application | None,
    action: ActionItem | None,
) -> Reminder:
    company = _company(app) if app is not None else ""
    about = f" after {company}" if company else ""
    body = f"A quick check-in{about}: how are you feeling today, from 1 (rough) to 5 (good)?"
    if row.suggest_action:
        if action is not None:
            body += f"\nOn a heavy day one small step helps. Maybe: {action.title}"
        else:
            body += "\nOn a heavy day one small step helps: pick anything small from your board."
    due = row.effective_due
    snoozed = row.state is CheckInState.SNOOZED and row.snoozed_until is not None
    key = snoozed_key(f"checkin:{row.id}", due) if snoozed else f"checkin:{row.id}"
    return Reminder(
        key=key,
        kind=CheckInKind.CHECK_IN,
        title="How are you doing?",
        body=body,
        due_at=due,
        topic=row.topic or LADDER_TOPIC,
        application_id=row.application_id,
        rejection_id=row.rejection_id,
        checkin_id=row.id,
        action_id=action.id if (row.suggest_action and action is not None) else None,
    )


def checkin_reply(mood: int, next_when: str | None, suggestion: str | None = None, started: bool = False) -> str:
    """What the app says after a check-in is answered; plain text.

    A hard day (mood 1-2) is acknowledged first, never met with a cheerful "thanks"; the one
    small step is named (or confirmed as started). ``next_when``: when the next check-in
    comes, in words, or None when the series has ended.
    """
    if mood <= 2:
        parts = ["That sounds like a hard day. Thank you for saying so; days like this pass."]
        if suggestion and started:
            parts.append(f"“{suggestion}” is in Doing now. That one small step is plenty for today.")
        elif suggestion:
            parts.append(f"If you feel up to one small step: “{suggestion}”.")
        if next_when is not None:
            parts.append(f"We'll check in again {next_when}.")
        return " ".join(parts)
    opening = "Good to hear, and thanks for checking in." if mood >= 4 else "Thanks for checking in."
    if next_when is None:
        return f"{opening} That was the last one for this chapter — well done for moving on."
    return f"{opening} Next check-in: {next_when}."


class Subject(NamedTuple):
    """The rule prompts about one rejection or application, and the key of its last prompt:
    once that was raised (claimed), nothing is left to say about the subject."""

    last_prompt: str | None
    reminders: list[Reminder]


def subjects_for(data: ReminderData, settings: Settings, zone: tzinfo, settled: Collection[str] = ()) -> list[Subject]:
    """The rule prompts of every rejection and application (the costly part of the rules).

    Computed once, they serve both :func:`reminders_for` passes the dashboard needs (what is
    pending, and :func:`plan` for the next due time). ``settled`` only saves work: a subject
    whose last prompt is in it gets no prompts computed.
    """
    return _collect_subjects(data, settings, zone, settled)


_Entries = dict[tuple[str, int], tuple[object, object, Subject]]


def _collect_subjects(
    data: ReminderData,
    settings: Settings,
    zone: tzinfo,
    settled: Collection[str] = (),
    known: _Entries | None = None,
    fresh: _Entries | None = None,
) -> list[Subject]:
    """:func:`subjects_for`, taking a subject from ``known`` while its record (and a rejection's
    application) is the same object, and recording each one in ``fresh`` (see ``SubjectMemo``)."""
    known = known or {}
    apps = {a.id: a for a in data.applications}
    subjects: list[Subject] = []
    for rejection in data.rejections:
        app = apps.get(rejection.application_id)
        key = ("rejection", id(rejection))
        hit = known.get(key)
        if hit is not None and hit[0] is rejection and hit[1] is app:
            subject = hit[2]
        else:
            subject = _rejection_reminders(rejection, app, settings, zone, settled)
        if fresh is not None:
            fresh[key] = (rejection, app, subject)
        subjects.append(subject)
    for app in data.applications:
        key = ("application", id(app))
        hit = known.get(key)
        subject = hit[2] if hit is not None and hit[0] is app else _application_reminders(app, settings, zone, settled)
        if fresh is not None:
            fresh[key] = (app, None, subject)
        subjects.append(subject)
    return subjects


class SubjectMemo:
    """:func:`subjects_for` that keeps each record's prompts until the record changes.

    A subject's prompts depend on its record (and a rejection's application), the settings and
    the zone, never on ``now``; records are immutable and a store keeps the decoded ones, so
    after a tick on the board, rebuilding the dashboard finds every subject's prompts here
    (the rules over a thousand applications took 30-40 ms of each rebuild). Entries are keyed
    by the records' identity and hold the records, so an id is never reused while it is here;
    each call keeps only the records it was given. Safe to share between threads: a call reads
    one generation of entries and replaces it in one assignment.
    """

    def __init__(self) -> None:
        self._context: tuple[str, tzinfo | None] = ("", None)
        self._entries: _Entries = {}

    def subjects(self, data: ReminderData, settings: Settings, zone: tzinfo) -> list[Subject]:
        context = (repr(settings), zone)
        fresh: _Entries = {}
        subjects = _collect_subjects(
            data, settings, zone, known=self._entries if context == self._context else None, fresh=fresh
        )
        self._context, self._entries = context, fresh
        return subjects


def reminders_for(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claimed: Collection[str] = (),
    include_raised: bool = False,
    subjects: list[Subject] | None = None,
) -> list[Reminder]:
    """Every reminder that may still be raised, due or not, sorted by due time.

    Leaves out what was acted on (a row names its key), and rule prompts made moot by a later
    rule that is already due for the same subject. Stored rows already raised (state NOTIFIED)
    are left out too unless ``include_raised``: they wait for an answer, but must never be
    raised again (the app's "due now" list wants them, :func:`plan` must not see them).
    ``claimed`` only saves work: a subject whose last prompt was raised is skipped (a store
    has many such). Other claimed reminders stay in; :func:`plan` filters them. ``subjects``:
    :func:`subjects_for` of the same data, settings and zone, computed once for several calls.
    """
    apps = {a.id: a for a in data.applications}
    rejections = {r.id: r for r in data.rejections}
    today = now.astimezone(zone).date()
    # Only a low-mood check-in needs the board, and a board can be large: look at it lazily.
    action_box: list[ActionItem | None] = []

    def action() -> ActionItem | None:
        if not action_box:
            action_box.append(suggested_action(data.actions, today))
        return action_box[0]

    open_states = {CheckInState.PENDING, CheckInState.SNOOZED}
    if include_raised:
        open_states.add(CheckInState.NOTIFIED)
    records: dict[str, CheckIn] = {}
    out: list[Reminder] = []
    for row in data.checkins:
        if row.reminder_key:
            # The latest row about a key decides (a later snooze replaces an earlier one).
            prior = records.get(row.reminder_key)
            if prior is None or row.id > prior.id:
                records[row.reminder_key] = row
            continue
        if row.state not in open_states:
            continue
        if row.kind is not CheckInKind.CHECK_IN:
            continue
        rejection = rejections.get(row.rejection_id) if row.rejection_id is not None else None
        if row.rejection_id is not None and rejection is None:
            continue  # the rejection was deleted: its check-ins go with it
        app_id = row.application_id or (rejection.application_id if rejection else None)
        suggestion = action() if row.suggest_action else None
        out.append(_checkin_reminder(row, apps.get(app_id) if app_id else None, suggestion))

    # A claimed key that a row records (e.g. a snooze) must still be computed: the row re-raises it.
    settled = set(claimed).difference(records) if claimed and not include_raised else set()
    if subjects is None:
        subjects = subjects_for(data, settings, zone, settled)
    for last_prompt, candidates in subjects:
        if last_prompt in settled:
            continue
        kept: list[Reminder] = []
        for reminder in candidates:
            record = records.get(reminder.key)
            if record is None:
                kept.append(reminder)
            elif record.state in open_states and record.state is not CheckInState.PENDING and record.snoozed_until:
                kept.append(
                    replace(
                        reminder,
                        key=snoozed_key(reminder.key, record.snoozed_until),
                        due_at=record.snoozed_until,
                        checkin_id=record.id,
                    )
                )
            # PENDING/NOTIFIED/DONE/DISMISSED records: raised or settled, stay quiet.
        due_ranks = [_RANK.get(r.topic, 0) for r in candidates if r.due_at <= now]
        if due_ranks:
            top = max(due_ranks)
            kept = [r for r in kept if _RANK.get(r.topic, 0) >= top]
        # Day counts as of now (or the due time, if later): a prompt states the real silence.
        out.extend(r.as_of(now, zone) for r in kept)
    out.sort(key=lambda r: (r.due_at, r.key))
    return out


# ---------------------------------------------------------------------------
# Planning what to raise


def claims_from_table(raw: Mapping[str, Mapping[str, object]] | None) -> dict[str, datetime | None]:
    """The store's raw ``claims`` table (docs with key/at/by) as {key: claimed at}."""
    out: dict[str, datetime | None] = {}
    for doc in (raw or {}).values():
        key = doc.get("key")
        if not key:
            continue
        at = doc.get("at")
        try:
            moment = datetime.fromisoformat(str(at)) if at else None
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=_UTC)
        out[str(key)] = moment
    return out


def prompts_on_day(
    claims: Mapping[str, datetime | None] | Collection[str], now: datetime, zone: tzinfo
) -> int:
    """How many prompts were raised on ``now``'s local day (claims of :data:`PROMPT_PREFIX` keys)."""
    if not isinstance(claims, Mapping):
        return 0
    today = now.astimezone(zone).date()
    return sum(
        1
        for key, at in claims.items()
        if key.startswith(PROMPT_PREFIX) and at is not None and at.astimezone(zone).date() == today
    )


_KIND_WORDS = {
    CheckInKind.CHECK_IN: ("check-in", "check-ins"),
    CheckInKind.FOLLOW_UP: ("follow-up", "follow-ups"),
    CheckInKind.MOVE_ON: ("move-on question", "move-on questions"),
}


def digest_summary(reminders: Sequence[Reminder]) -> str:
    """``2 check-ins, 1 follow-up``: counts per kind in a fixed order."""
    parts = []
    for kind in (CheckInKind.CHECK_IN, CheckInKind.FOLLOW_UP, CheckInKind.MOVE_ON):
        n = sum(1 for r in reminders if r.kind is kind)
        if n:
            one, many = _KIND_WORDS[kind]
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def make_digest(reminders: Sequence[Reminder]) -> Notice:
    """One prompt for several missed reminders, so coming back is not met by a burst."""
    items = sorted(reminders, key=lambda r: (r.due_at, r.key))
    keys = "|".join(sorted(r.key for r in items))
    import hashlib  # see jitter_factor

    key = "digest:" + hashlib.sha256(keys.encode("utf-8")).hexdigest()[:16]
    lines = [f"- {r.title}" for r in items[:DIGEST_LINES]]
    if len(items) > DIGEST_LINES:
        lines.append(f"- and {len(items) - DIGEST_LINES} more")
    lines.append("Open Next Round when you have a moment.")
    return Notice(
        key=key,
        title=f"While you were away: {digest_summary(items)}",
        body="\n".join(lines),
        reminders=tuple(items),
        is_digest=True,
    )


def single_notice(reminder: Reminder) -> Notice:
    return Notice(key=reminder.key, title=reminder.title, body=reminder.body, reminders=(reminder,))


def compose(due: Sequence[Reminder], now: datetime) -> list[Notice]:
    """Group due reminders into prompts (the digest rule).

    A reminder was *missed* when ``now`` is more than :data:`AWAY_GRACE` past its due time.
    Two or more missed reminders, or any missed for more than :data:`STALE_AFTER`, go into a
    single digest; the rest are raised one by one. The digest comes first.
    """
    ordered = sorted(due, key=lambda r: (r.due_at, r.key))
    missed = [r for r in ordered if now - r.due_at > AWAY_GRACE]
    stale = [r for r in missed if now - r.due_at > STALE_AFTER]
    notices: list[Notice] = []
    if len(missed) >= 2 or stale:
        notices.append(make_digest(missed))
        in_digest = {r.key for r in missed}
        ordered = [r for r in ordered if r.key not in in_digest]
    notices.extend(single_notice(r) for r in ordered)
    return notices


def _daily_cap(settings: Settings) -> int | None:
    return settings.max_prompts_per_day if settings.max_prompts_per_day > 0 else None


def plan(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str] = (),
    subjects: list[Subject] | None = None,
) -> Plan:
    """What to raise at ``now``, given what has already been claimed (raised) by any process.

    * nothing inside quiet hours (or on a weekend with ``skip_weekends``): all is held;
    * due, unclaimed reminders are grouped by :func:`compose` (the digest rule);
    * at most ``max_prompts_per_day`` prompts per local day, counting prompt claims made
      today (a digest is one prompt); what does not fit waits for tomorrow. 0 means no cap.

    ``claims`` maps claimed keys to when they were claimed (see :func:`claims_from_table`);
    a plain set of keys works too but then the daily cap cannot count today's prompts.
    """
    candidates = [r for r in reminders_for(now, zone, data, settings, claims, subjects=subjects) if r.key not in claims]
    due = [r for r in candidates if r.due_at <= now]
    if not due:
        return Plan(now=now, next_due=_next_due(now, zone, settings, claims, candidates))
    if not is_allowed(now, settings, zone):
        why = "weekend" if settings.skip_weekends and is_weekend(now, zone) else "quiet hours"
        return Plan(
            now=now,
            held=tuple(due),
            next_due=_next_due(now, zone, settings, claims, candidates),
            reason=f"{why} until {next_allowed_time(now, settings, zone).astimezone(zone):%a %H:%M}",
        )
    notices = compose(due, now)
    cap = _daily_cap(settings)
    reason = ""
    if cap is not None:
        room = max(cap - prompts_on_day(claims, now, zone), 0)
        if room < len(notices):
            reason = f"daily limit of {_plural(cap, 'prompt')} reached"
            notices = notices[:room]
    raised = {r.key for n in notices for r in n.reminders}
    held = tuple(r for r in due if r.key not in raised)
    remaining = [r for r in candidates if r.key not in raised]
    after = _next_due(now, zone, settings, claims, remaining, extra_prompts=len(notices))
    return Plan(now=now, notices=tuple(notices), held=held, next_due=after, reason=reason)


def _next_due(
    now: datetime,
    zone: tzinfo,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str],
    candidates: Sequence[Reminder],
    extra_prompts: int = 0,
) -> datetime | None:
    if not candidates:
        return None
    # next_allowed_time never decreases as its argument grows, so one call on the minimum will do.
    earliest = next_allowed_time(max(min(r.due_at for r in candidates), now), settings, zone)
    cap = _daily_cap(settings)
    if cap is not None and prompts_on_day(claims, now, zone) + extra_prompts >= cap:
        earliest = max(earliest, next_allowed_time(start_of_next_day(now, zone), settings, zone))
    return earliest


def next_due(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str] = (),
    subjects: list[Subject] | None = None,
) -> datetime | None:
    """When :func:`plan` will next have something to raise (``now`` if it has now); None if never.

    For a scheduler to sleep until (it should still wake at least every minute: data changes).
    """
    result = plan(now, zone, data, settings, claims, subjects)
    if result.notices:
        return now
    return result.next_due
