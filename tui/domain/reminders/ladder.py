"""The spaced check-in ladder after a rejection, the small action offered on a hard day,
and what the app says back to an answer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from ..models import (
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    Rejection,
    Settings,
)
from .local_time import _local_moment, _wall_add
from .records import _company, JITTER, LADDER_TOPIC, Reminder, snoozed_key
from .quiet_hours import next_allowed_time


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
